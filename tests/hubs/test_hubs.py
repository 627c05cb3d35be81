"""The hubs: which hub serves a city, what their staff see, and their public pages."""

import pytest
from django.urls import reverse

from hubs.models import Hub, HubStaff
from hubs.selectors.coverage import cities_of_hub, hub_for_city, hubs_for_cities
from members.models import LocalGovernment, Organisation
from tests import factories
from tests.pages import read_form


@pytest.fixture
def tunis(rabat):
    return factories.LocalGovernmentFactory(name="Tunis", country="TN", region=rabat.region)


@pytest.fixture
def sahel_hub(db):
    """A hub that serves Morocco by country, though Morocco sits in the MENA region."""
    return factories.HubFactory(slug="sahel", name="West Africa and Sahel hub", countries=["MA"])


def test_country_coverage_wins_over_region(rabat, tunis, mena_hub, sahel_hub):
    assert hub_for_city(rabat) == sahel_hub
    assert hub_for_city(tunis) == mena_hub


def test_a_region_without_an_active_hub_is_served_by_the_central_team(rabat, oslo, mena_hub):
    assert hub_for_city(oslo) is None
    mena_hub.status = Hub.Status.CLOSED
    mena_hub.save(update_fields=["status"])
    assert hub_for_city(rabat) is None
    mena_hub.status = Hub.Status.PLANNED
    mena_hub.save(update_fields=["status"])
    assert hub_for_city(rabat) is None


def test_coverage_of_many_cities_takes_the_same_queries_as_of_a_few(
    rabat, oslo, mena_hub, balkans_hub, sahel_hub, django_assert_num_queries
):
    few = list(LocalGovernment.objects.all())
    with django_assert_num_queries(2):
        answer = hubs_for_cities(few)
    assert answer[rabat.pk] == sahel_hub and answer[oslo.pk] == balkans_hub
    factories.LocalGovernmentFactory.create_batch(40, country="TN", region=rabat.region)
    many = list(LocalGovernment.objects.all())
    with django_assert_num_queries(2):
        answer = hubs_for_cities(many)
    assert sum(hub == mena_hub for hub in answer.values()) == 40


def test_cities_of_a_hub_leave_out_countries_another_hub_lists(rabat, tunis, mena_hub, sahel_hub):
    assert set(cities_of_hub(mena_hub)) == {tunis}
    assert set(cities_of_hub(sahel_hub)) == {rabat}


def test_hub_staff_see_the_countries_their_hub_lists_and_not_those_another_lists(
    client_as, rabat, tunis, oslo, hub_staff_mena, sahel_hub
):
    page = client_as("hub_staff_mena").get(reverse("admin:members_localgovernment_changelist"))
    assert "Tunis" in page.content.decode()
    assert "Rabat" not in page.content.decode()
    response = client_as("hub_staff_mena").get(
        reverse("admin:members_localgovernment_change", args=[rabat.pk])
    )
    assert response.status_code == 302  # "does not exist"
    sahel_staff = factories.make_hub_staff(sahel_hub, email="staff@sahel-hub.example.org")
    client = client_as("mu_staff")
    client.force_login(sahel_staff)
    page = client.get(reverse("admin:members_localgovernment_changelist")).content.decode()
    assert "Rabat" in page and "Tunis" not in page and "Oslo" not in page


def test_closing_a_hub_ends_its_staffs_access(client_as, mena_hub, hub_staff_mena, rabat):
    client = client_as("mu_staff")
    url = reverse("admin:hubs_hub_change", args=[mena_hub.pk])
    data = read_form(client.get(url).content.decode())
    data["status"] = ["closed"]
    assert client.post(url, data).status_code == 302
    cities = reverse("admin:members_localgovernment_changelist")
    assert client_as("hub_staff_mena").get(cities).status_code == 403


def test_two_active_hubs_cannot_serve_the_same_country(client_as, mena_hub, sahel_hub):
    client = client_as("mu_staff")
    url = reverse("admin:hubs_hub_change", args=[mena_hub.pk])
    data = read_form(client.get(url).content.decode())
    data["countries"] = ["MA", "TN"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "West Africa and Sahel hub already covers Morocco." in response.content.decode()
    mena_hub.refresh_from_db()
    assert list(mena_hub.countries) == []


def test_a_hub_cannot_close_before_it_launched(client_as, mena_hub):
    client = client_as("mu_staff")
    url = reverse("admin:hubs_hub_change", args=[mena_hub.pk])
    data = read_form(client.get(url).content.decode())
    data.update(launched_on=["2025-03-01"], closed_on=["2024-03-01"], status=["closed"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A hub cannot close before it launched." in response.content.decode()
    mena_hub.refresh_from_db()
    assert mena_hub.status == Hub.Status.ACTIVE


def test_the_public_hub_page_shows_its_region_host_and_public_team_only(
    client, mena_hub, hub_staff_mena
):
    mena_hub.host = Organisation.objects.create(
        name="Maghreb Civic Forum",
        kind=Organisation.Kind.HUB_HOST,
        country="TN",
        website="https://forum.example.org",
    )
    mena_hub.save(update_fields=["host"])
    hub_staff_mena.full_name = "Leila Haddad"
    hub_staff_mena.save(update_fields=["full_name"])
    HubStaff.objects.filter(user=hub_staff_mena).update(role="lead", is_public=True)
    factories.make_hub_staff(mena_hub, email="quiet@mena-hub.example.org", full_name="Not Shown")

    page = client.get(reverse("hubs:hub", args=["mena"])).content.decode()

    assert "Middle East and North Africa" in page
    assert 'href="https://forum.example.org"' in page and "Tunisia" in page
    assert "Leila Haddad" in page and "Hub lead" in page
    assert "Not Shown" not in page


def test_the_hubs_page_lists_every_hub_but_planned_ones_in_arabic_too(client, mena_hub):
    factories.HubFactory(slug="north-america", name="North America hub", status="planned")
    page = client.get(reverse("hubs:hub_list")).content.decode()
    assert "Middle East and North Africa hub" in page
    assert "North America hub" not in page
    assert client.get(reverse("hubs:hub", args=["north-america"])).status_code == 404
    response = client.get("/ar/hubs/mena/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_the_hubs_page_takes_the_same_queries_for_many_hubs(
    db, client, django_assert_max_num_queries
):
    factories.HubFactory(slug="one")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("hubs:hub_list"))
    for n in range(15):
        hub = factories.HubFactory(slug=f"hub-x{n}")
        hub.regions.add(factories.RegionFactory(code=f"r-{n}"))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("hubs:hub_list"))


def test_other_apps_add_sections_to_the_hub_page_through_its_panels(client, mena_hub):
    """Activities and good practices join the hub page from the apps above hubs."""
    from hubs.panels import HUB_PAGE
    from scn_portal.web import panels

    panel = panels.register_panel(
        panels.Panel(
            code="tests.hub_page",
            page=HUB_PAGE,
            order=90,
            template="hubs/panels/_glance_hubs.html",
            context=lambda page: {"hubs": [page.hub]} if page.hub.slug == "mena" else None,
        )
    )
    try:
        page = client.get(reverse("hubs:hub", args=["mena"])).content.decode()
    finally:
        panels._panels.pop(panel.code)
    assert "<li>Middle East and North Africa hub</li>" in page
