"""The country filter of the admin's lists of cities, memberships, applications and people
is a drop-down in a plain form (it works without JavaScript), not a link per country; it
keeps the other filters and the search, and offers only the countries staff may see."""

import re

import pytest
from django.urls import reverse

from members.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = {
    "members.localgovernment": "Casablanca",
    "members.membership": "Casablanca",
    "members.application": "Casablanca",
    "members.person": "Amina Casablanca",
}
COUNTRIES = ("MA", "TN", "EG", "JO", "LB", "DZ", "NO", "NL")


@pytest.fixture
def network(rabat, oslo):
    """An application and an official in each of eight countries, two regions."""
    for code in COUNTRIES:
        region = oslo.region if code in ("NO", "NL") else rabat.region
        name = "Casablanca" if code == "MA" else f"City of {code}"
        city = factories.LocalGovernmentFactory(name=name, country=code, region=region)
        factories.make_application(city)
        factories.OfficialFactory(
            local_government=city, person__full_name=f"Amina {name.replace('City of ', '')}"
        )


def changelist(label: str) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def country_select(html: str) -> str:
    found = re.search(r'<form method="get" class="select-filter">(.*?)</form>', html, re.S)
    assert found, "no drop-down filter"
    assert 'name="country"' in found.group(1)
    return found.group(1)


def options(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.mark.parametrize("label", LISTS)
def test_the_country_filter_is_a_drop_down_with_a_button(client_as, network, label):
    html = client_as("mu_staff").get(changelist(label)).content.decode()

    select = country_select(html)
    assert 'type="submit"' in select
    assert set(COUNTRIES) <= set(options(select)) and options(select)[0] == ""
    assert "?country=" not in html  # no link per country


@pytest.mark.parametrize("label", LISTS)
def test_choosing_a_country_lists_only_its_rows(client_as, network, label):
    html = client_as("mu_staff").get(changelist(label), {"country": "MA"}).content.decode()

    assert LISTS[label] in html
    assert "City of TN" not in html and "Amina TN" not in html
    assert '<option value="MA" selected>' in country_select(html)


def test_the_form_keeps_the_other_filters_and_the_search(client_as, network):
    html = (
        client_as("mu_staff")
        .get(changelist("members.membership"), {"status": "open", "q": "City", "p": "1"})
        .content.decode()
    )

    select = country_select(html)
    assert '<input type="hidden" name="status" value="open">' in select
    assert '<input type="hidden" name="q" value="City">' in select
    assert 'name="p"' not in select  # a new filter starts on the first page


def test_a_person_acting_for_two_cities_of_a_country_is_listed_once(client_as, network):
    person = factories.PersonFactory(full_name="Youssef Twice")
    for name in ("Fez", "Meknes"):
        city = factories.LocalGovernmentFactory(name=name, country="MA")
        factories.OfficialFactory(person=person, local_government=city)

    html = (
        client_as("mu_staff").get(changelist("members.person"), {"country": "MA"}).content.decode()
    )

    assert html.count(">Youssef Twice<") == 1


def test_hub_staff_are_offered_only_their_regions_countries(client_as, network, hub_staff_mena):
    for label in LISTS:
        html = client_as("hub_staff_mena").get(changelist(label)).content.decode()
        offered = set(options(country_select(html))) - {""}
        assert offered == {"MA", "TN", "EG", "JO", "LB", "DZ"}, label


def test_an_unknown_country_lists_nothing_and_breaks_nothing(client_as, network):
    response = client_as("mu_staff").get(changelist("members.membership"), {"country": "ZZ<"})

    assert response.status_code == 200
    assert Membership.objects.count() > 0
    assert "Casablanca" not in response.content.decode()
