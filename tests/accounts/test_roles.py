import pytest

from scn_portal.accounts.roles import Role


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("official_of_rabat", {Role.CITY_OFFICIAL}),
        ("hub_staff_mena", {Role.HUB_STAFF}),
        ("isc_member", {Role.ISC_MEMBER}),
        ("expert", {Role.EXPERT}),
        ("mu_staff", {Role.MU_STAFF}),
        ("superuser", {Role.MU_STAFF}),
    ],
)
def test_each_persona_holds_exactly_its_role(request, persona, expected):
    user = request.getfixturevalue(persona)
    assert set(user.roles) == expected


def test_one_person_can_hold_several_roles(rabat, the_hague):
    from tests import factories

    user = factories.make_isc_member(the_hague)
    person = user.person
    factories.OfficialFactory(person=person, local_government=rabat)
    user.refresh_from_db()
    assert set(user.roles) == {Role.ISC_MEMBER, Role.CITY_OFFICIAL}


def test_an_expired_isc_term_no_longer_grants_the_role(isc_member):
    import datetime

    term = isc_member.person.isc_terms.get()
    term.starts_on = datetime.date(2015, 1, 1)
    term.ends_on = datetime.date(2017, 1, 1)
    term.save(update_fields=["starts_on", "ends_on"])
    isc_member.refresh_from_db()
    assert Role.ISC_MEMBER not in isc_member.roles


def test_a_deactivated_user_holds_no_role(mu_staff):
    mu_staff.is_active = False
    mu_staff.save(update_fields=["is_active"])
    assert mu_staff.roles == frozenset()


PERSONAS = [
    "official_of_rabat",
    "hub_staff_mena",
    "isc_member",
    "expert",
    "mu_staff",
    "superuser",
    "official_of_other_city",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_is_asked_in_one_query_with_the_answer_of_each_rule(request, persona):
    """The navigation of every signed-in page asks all roles at once; the answer is the
    one each role's own rule gives when asked alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scn_portal.accounts import roles as registry

    user = request.getfixturevalue(persona)
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        held = registry.roles_of(fresh)
    assert len(captured) <= 1
    alone = type(user).objects.get(pk=user.pk)
    assert held == {role for role, rule in registry._providers.items() if rule(alone)}
    # Once asked, each rule answers from what the page already knows.
    with CaptureQueriesContext(connection) as captured:
        again = {role for role, rule in registry._providers.items() if rule(fresh)}
    assert again == held
    assert len(captured) == (1 if Role.HUB_STAFF in held else 0)  # the hubs they staff


def test_a_person_with_every_role_of_a_city_is_told_them_all_in_one_query(
    rabat, the_hague, django_assert_num_queries
):
    from tests import factories

    user = factories.make_isc_member(the_hague)
    factories.OfficialFactory(person=user.person, local_government=rabat)
    from governance.models import Expert

    Expert.objects.create(person=user.person, profile=Expert.Profile.PRACTITIONER)
    fresh = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        held = fresh.roles
    assert set(held) == {Role.ISC_MEMBER, Role.CITY_OFFICIAL, Role.EXPERT}


def test_the_roles_question_kept_from_one_person_answers_for_the_next(
    official_of_rabat, isc_member, expert
):
    """The one query is built once and sent again with each person's key: each person
    still gets their own roles, however many have been asked before them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scn_portal.accounts import roles as registry

    registry._statements.clear()
    answers = {}
    for user in (official_of_rabat, isc_member, expert, official_of_rabat):
        fresh = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as captured:
            answers.setdefault(user.pk, []).append(set(fresh.roles))
        assert len(captured) == 1
        assert str(user.pk) in captured[0]["sql"].rsplit("WHERE", 1)[1]
    assert answers[official_of_rabat.pk] == [{Role.CITY_OFFICIAL}, {Role.CITY_OFFICIAL}]
    assert answers[isc_member.pk] == [{Role.ISC_MEMBER}]
    assert answers[expert.pk] == [{Role.EXPERT}]
    assert len(registry._statements) == 1  # three people, one question built


def test_a_kept_question_follows_the_calendar(isc_member):
    """An ISC seat depends on the date: the question kept today is not the one asked
    the day the term ends."""
    import datetime

    import time_machine
    from django.utils import timezone

    term = isc_member.person.isc_terms.get()
    today = timezone.localdate()
    term.ends_on = today
    term.save(update_fields=["ends_on"])
    assert Role.ISC_MEMBER in type(isc_member).objects.get(pk=isc_member.pk).roles
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert Role.ISC_MEMBER not in type(isc_member).objects.get(pk=isc_member.pk).roles
