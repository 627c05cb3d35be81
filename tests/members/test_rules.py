"""Every permission of the members app, asked as the persona who holds it and as those who
do not. Views, services and the admin ask these same names (``members/rules.py``)."""

import pytest
import rules

from members.models import LocalGovernment, Membership, Official
from members.rules import is_city_official, may_request_certificates
from tests import factories

pytestmark = pytest.mark.django_db

EVERYONE = [
    "anonymous",
    "official_of_rabat",
    "official_of_other_city",
    "hub_staff_mena",
    "isc_member",
    "expert",
    "mu_staff",
    "superuser",
]


def holders(permission: str, city, personas: list[str], request) -> set[str]:
    """The personas for whom ``permission`` on ``city`` is granted."""
    return {
        persona
        for persona in personas
        if rules.has_perm(permission, request.getfixturevalue(persona), city)
    }


@pytest.mark.parametrize(
    "permission",
    [
        "members.view_city_portal",
        "members.edit_city_profile",
        "members.edit_city_contacts",
        "members.propose_location",
        "members.recommit",
        "members.invite_colleague",
    ],
)
def test_only_an_official_of_a_member_city_works_on_its_pages(permission, rabat, request):
    # A superuser and staff too are refused: they work in the admin, not on a city's pages.
    assert holders(permission, rabat, EVERYONE, request) == {"official_of_rabat"}


def test_only_officials_change_a_draft_application_and_only_while_it_is_a_draft(
    rabat, official_of_rabat, request
):
    assert holders("members.edit_application", rabat, EVERYONE, request) == set()

    factories.make_application(rabat, status=Membership.Status.APPLICANT)
    rabat.refresh_from_db()

    assert holders("members.edit_application", rabat, EVERYONE, request) == {"official_of_rabat"}


@pytest.mark.parametrize(
    "status, may_start",
    [
        (None, True),
        (Membership.Status.WITHDRAWN, True),
        (Membership.Status.REJECTED, True),
        (Membership.Status.LAPSED, True),
        (Membership.Status.APPLICANT, False),
        (Membership.Status.UNDER_REVIEW, False),
        (Membership.Status.MEMBER, False),
        (Membership.Status.SUSPENDED, False),
    ],
)
def test_an_application_is_started_by_an_official_of_a_city_with_none_open(status, may_start):
    city = factories.LocalGovernmentFactory(name="Tangier", country="MA")
    if status is not None:
        factories.MembershipFactory(local_government=city, status=status)
    official = factories.make_official(city, email="focal.point@tangier.example.org")
    stranger = factories.make_official(factories.LocalGovernmentFactory(name="Fez"))
    city = LocalGovernment.objects.select_related("membership").get(pk=city.pk)

    assert rules.has_perm("members.start_application", official, city) is may_start
    assert rules.has_perm("members.start_application", stranger, city) is False


def test_a_city_invites_colleagues_only_once_admitted(official_of_rabat, rabat):
    rabat.membership.joined_on = None
    rabat.membership.status = Membership.Status.UNDER_REVIEW

    assert rules.has_perm("members.invite_colleague", official_of_rabat, rabat) is False


def test_only_a_suspended_or_current_member_recommits(official_of_rabat, rabat):
    rabat.membership.status = Membership.Status.SUSPENDED
    assert rules.has_perm("members.recommit", official_of_rabat, rabat) is True

    rabat.membership.status = Membership.Status.WITHDRAWN
    assert rules.has_perm("members.recommit", official_of_rabat, rabat) is False


def test_a_certificate_is_requested_by_the_citys_officials_and_the_management_unit(rabat, request):
    assert holders("members.request_certificate", rabat, EVERYONE, request) == {
        "official_of_rabat",
        "mu_staff",
        "superuser",
    }


def test_certificates_are_asked_for_at_all_by_officials_and_the_management_unit(request):
    askers = {p for p in EVERYONE if may_request_certificates(request.getfixturevalue(p))}

    assert askers == {
        "official_of_rabat",
        "official_of_other_city",
        "mu_staff",
        "superuser",
    }


def test_only_the_management_unit_decides_changes_of_location(rabat, request):
    # Asked without a city, as the admin and the services do.
    assert holders("members.decide_location_change", None, EVERYONE, request) == {
        "mu_staff",
        "superuser",
    }


def test_the_city_official_role_goes_with_acting_for_a_city(request):
    officials = {p for p in EVERYONE if is_city_official(request.getfixturevalue(p))}

    # An ISC seat is held for a city, but does not make its holder an official of it.
    assert officials == {"official_of_rabat", "official_of_other_city"}


# --- The many-cities form gives the same answer -------------------------------------------


def test_the_cities_a_user_acts_for_are_those_of_their_active_official_rows(
    rabat, oslo, official_of_rabat
):
    person = official_of_rabat.person
    Official.objects.create(
        person=person, local_government=oslo, role=Official.Role.STAFF, is_active=False
    )
    factories.ActingClaimFactory(user=official_of_rabat, local_government=oslo)

    acted_for = LocalGovernment.objects.acted_for_by(official_of_rabat)

    assert list(acted_for) == [rabat]
    assert not rules.has_perm("members.view_city_portal", official_of_rabat, oslo)


def test_an_anonymous_visitor_acts_for_no_city(rabat, client):
    assert list(LocalGovernment.objects.acted_for_by(None)) == []
    assert list(LocalGovernment.objects.acted_for_by(client.get("/").wsgi_request.user)) == []


def test_the_one_city_rule_and_the_many_cities_queryset_agree_for_everyone(
    rabat, oslo, the_hague, request
):
    for persona in EVERYONE:
        user = request.getfixturevalue(persona)
        many = set(LocalGovernment.objects.acted_for_by(user))
        for city in (rabat, oslo, the_hague):
            fresh = LocalGovernment.objects.get(pk=city.pk)
            assert rules.has_perm("members.view_city_portal", user, fresh) == (city in many)


def test_the_answer_read_with_the_city_is_the_rules_answer_for_everyone(
    rabat, oslo, the_hague, official_of_rabat, request, django_assert_num_queries
):
    """A city's portal pages read the city and the rule's answer in one query: for every
    persona and city it is the answer the rule gives when asked on its own (an inactive
    official row and a pending request grant nothing there either)."""
    from members.rules import remember_official_answer, with_official_answer

    Official.objects.create(
        person=official_of_rabat.person,
        local_government=oslo,
        role=Official.Role.STAFF,
        is_active=False,
    )
    factories.ActingClaimFactory(user=official_of_rabat, local_government=the_hague)
    for persona in EVERYONE:
        user = request.getfixturevalue(persona)
        for city in (rabat, oslo, the_hague):
            alone = rules.has_perm(
                "members.view_city_portal", user, LocalGovernment.objects.get(pk=city.pk)
            )
            with django_assert_num_queries(1):
                read = with_official_answer(
                    LocalGovernment.objects.filter(pk=city.pk), user
                ).first()
                remember_official_answer(read, user)
                answer = rules.has_perm("members.view_city_portal", user, read)
            assert answer == alone, (persona, city.name)
