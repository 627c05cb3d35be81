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
