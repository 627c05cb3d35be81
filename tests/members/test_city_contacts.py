"""A city's contacts (``services.people.save_city_contacts``): the applicant who starts an
application is its focal point once, whichever address they give for it, and the list shows
each contact in the role the form gave them."""

import pytest
from django.test import Client

from members.models import CountryRegion, Official
from members.services.people import save_city_contacts
from tests import factories
from tests.members.test_portal_application import CONTACTS, start, url

ADDRESS = "amina@tetouan.example.org"


@pytest.fixture
def applicant(db):
    CountryRegion.objects.create(country="MA", region=factories.RegionFactory(code="mena"))
    return factories.UserFactory(email=ADDRESS, full_name="Amina Haddad")


@pytest.fixture
def applicant_client(applicant) -> Client:
    client = Client()
    client.force_login(applicant)
    return client


def listed(city) -> list[tuple[str, str]]:
    """What the review step and the city's page list: (name, role) of each active official."""
    return sorted(
        (official.person.full_name, official.role)
        for official in Official.objects.filter(local_government=city, is_active=True)
    )


def city_page_main(client, city) -> str:
    """The main part of the city's page (the header names the signed-in person too)."""
    page = client.get(url("city_portal", code=city.code)).content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.parametrize(
    "focal_point_email",
    [ADDRESS, ADDRESS.upper(), "a.haddad@work.tetouan.example.org"],
    ids=["the address they signed up with", "in capitals", "a work address"],
)
def test_the_applicant_is_the_focal_point_once(applicant_client, applicant, focal_point_email):
    city = start(applicant_client, role="focal_point")

    applicant_client.post(
        url("application_contacts", code=city.code),
        {**CONTACTS, "focal_point_email": focal_point_email},
    )

    assert listed(city) == [("Amina Haddad", "focal_point"), ("Mustapha Bakkouri", "mayor")]
    assert city_page_main(applicant_client, city).count("Amina Haddad") == 1
    me = Official.objects.get(local_government=city, role="focal_point", is_active=True).person
    assert (me.user, me.email) == (applicant, focal_point_email)


def test_the_contacts_step_shows_the_applicant_as_the_focal_point_by_name(applicant_client):
    city = start(applicant_client, role="focal_point")

    page = applicant_client.get(url("application_contacts", code=city.code)).content.decode()

    assert 'name="focal_point_name" value="Amina Haddad"' in page
    assert f'name="focal_point_email" value="{ADDRESS}"' in page


@pytest.mark.parametrize("role_at_start", ["mayor", "staff"])
def test_an_applicant_who_names_themselves_focal_point_is_listed_once_in_that_role(
    applicant_client, role_at_start
):
    city = start(applicant_client, role=role_at_start)

    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)

    assert listed(city) == [("Amina Haddad", "focal_point"), ("Mustapha Bakkouri", "mayor")]


def test_an_applicant_who_names_others_in_both_roles_keeps_acting_for_the_city(
    applicant_client, applicant
):
    city = start(applicant_client, role="focal_point")

    response = applicant_client.post(
        url("application_contacts", code=city.code),
        {**CONTACTS, "focal_point_name": "Karim Tazi", "focal_point_email": "k.tazi@example.org"},
    )

    assert response.status_code == 302
    assert listed(city) == [
        ("Amina Haddad", "staff"),
        ("Karim Tazi", "focal_point"),
        ("Mustapha Bakkouri", "mayor"),
    ]
    # Still theirs to finish: only staff withdraw access.
    assert applicant_client.get(url("application_contacts", code=city.code)).status_code == 200


def test_another_official_with_an_account_keeps_their_role(rabat, official_of_rabat):
    colleague = factories.make_official(rabat, full_name="Youssef Amrani")
    Official.objects.filter(person__user=colleague).update(role="mayor")

    save_city_contacts(
        local_government=rabat,
        contacts=[
            ("mayor", "Fatima Zahra Mansouri", "mayor@rabat.example.org", "Mayor"),
            ("focal_point", official_of_rabat.full_name, official_of_rabat.email, ""),
        ],
        actor=official_of_rabat,
    )

    # Withdrawing a colleague's access is staff's decision, not the form's.
    assert (colleague.full_name, "mayor") in listed(rabat)
    assert listed(rabat).count((official_of_rabat.full_name, "focal_point")) == 1
