"""The composition page (staff) and the public list of ISC members."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from governance.models import IscRegionTarget, IscSettings, IscTerm
from members.models import DisputedTerritory
from tests import factories
from tests.governance.test_isc_seats import co_chair, member_city, seat_holder
from tests.pages import chart_on

TODAY = datetime.date(2026, 6, 1)
QUERIES_OF_THE_COMPOSITION = 14


@pytest.fixture
def committee(db, mu_staff):
    """Three seats in Africa, one in Europe; Asia has a target but no seat."""
    africa = factories.RegionFactory(code="africa", name="Africa", order=1)
    europe = factories.RegionFactory(code="europe", name="Europe", order=2)
    asia = factories.RegionFactory(code="asia", name="Asia", order=3)
    IscRegionTarget.objects.create(region=asia, target_seats=2)
    settings = IscSettings.load()
    settings.max_region_share = 50
    settings.save()
    terms = []
    for region, ends in [
        (africa, datetime.date(2026, 9, 30)),  # ends within 6 months
        (africa, datetime.date(2027, 3, 31)),  # within 12 months
        (africa, datetime.date(2028, 1, 31)),
        (europe, datetime.date(2028, 1, 31)),
    ]:
        city = member_city(region, local_government__country="MA")
        terms.append(
            IscTerm.objects.create(
                person=seat_holder(city),
                local_government=city,
                starts_on=datetime.date(2026, 1, 1),
                ends_on=ends,
            )
        )
    return terms


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_staff_see_seats_by_region_warnings_and_terms_ending(client_as, committee):
    page = client_as("mu_staff").get(reverse("governance:composition")).content.decode()
    assert "4 of 25 seats filled" in page
    assert "Asia has no seat (target: 2)." in page
    assert "Africa holds 75% of the seats, more than 50%." in page
    six, twelve = page.split("In the next 6 months")[1].split("In 6 to 12 months")
    assert committee[0].person.full_name in six and committee[1].person.full_name not in six
    assert committee[1].person.full_name in twelve


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_a_co_chair_whose_city_stops_being_eligible_is_flagged(client_as, committee, mu_staff):
    chair = co_chair(committee[3], mu_staff, starts_on=datetime.date(2026, 2, 1))
    city = chair.local_government
    city.subdivision = "MA-04"
    city.save()
    DisputedTerritory.objects.create(
        name="Example territory", countries=["MA"], subdivision_codes=["MA-04"], reference="x"
    )
    page = client_as("mu_staff").get(reverse("governance:composition")).content.decode()
    assert f"Co-chair {chair.person.full_name}" in page
    assert "Example territory" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("official_of_rabat", 404),
        ("isc_member", 404),
        ("hub_staff_mena", 404),
        ("mu_staff", 200),
        ("superuser", 200),
    ],
)
def test_only_management_unit_staff_see_the_composition(client_as, persona, status):
    assert client_as(persona).get(reverse("governance:composition")).status_code == status


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_the_public_sees_who_sits_on_the_isc(client, committee, mu_staff):
    co_chair(committee[3], mu_staff, starts_on=datetime.date(2026, 2, 1))
    past = committee[2]
    IscTerm.objects.filter(pk=past.pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 12, 31)
    )
    page = client.get(reverse("governance:isc_members")).content.decode()
    for term in committee[:2] + committee[3:]:
        assert term.person.full_name in page
        assert term.local_government.name in page
    assert past.person.full_name not in page
    assert "Co-chair" in page


def test_the_public_isc_page_takes_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries
):
    region = factories.RegionFactory()
    for _ in range(12):
        city = member_city(region)
        IscTerm.objects.create(
            person=seat_holder(city),
            local_government=city,
            starts_on=TODAY - datetime.timedelta(days=10),
            ends_on=TODAY + datetime.timedelta(days=700),
        )
    with django_assert_max_num_queries(6):
        client.get(reverse("governance:isc_members"))


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_a_seat_of_a_city_not_listed_publicly_is_absent_from_the_public_page(client, committee):
    hidden = committee[3]
    hidden.local_government.publicly_listed = False
    hidden.local_government.save()
    page = client.get(reverse("governance:isc_members")).content.decode()
    assert hidden.person.full_name not in page
    assert hidden.local_government.name not in page
    assert committee[0].person.full_name in page


# --- The composition's charts -------------------------------------------------------


def composition_page(client, lang="en", **params):
    with translation.override(lang):
        path = reverse("governance:composition")
    return client.get(path, params)


def gendered(committee):
    """Two of the four seat holders women, one a man, one who did not say."""
    for term, gender in zip(committee, ("woman", "woman", "man", "undisclosed"), strict=True):
        term.person.gender = gender
        term.person.save(update_fields=["gender"])


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_the_charts_draw_the_seats_by_region_gender_and_kind_with_their_tables(
    client_as, committee
):
    gendered(committee)
    response = composition_page(client_as("mu_staff"))
    html = response.content.decode()
    composition = response.context["composition"]

    regions = chart_on(html, "isc-seats-by-region")
    expected = [(str(row.label), str(row.seats)) for row in composition.regions]
    assert regions.bars == regions.table == expected
    assert ("Africa", "3") in expected and ("Europe", "1") in expected and ("Asia", "0") in expected
    genders = chart_on(html, "isc-seats-by-gender")
    assert (
        genders.bars == genders.table == [("Man", "1"), ("Prefers not to say", "1"), ("Woman", "2")]
    )
    kinds = chart_on(html, "isc-seats-by-kind")
    assert sum(int(value) for _label, value in kinds.table) == 4
    assert kinds.bars == kinds.table
    assert "style=" not in html and "<script" not in html


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_in_arabic_the_seats_run_from_the_right(client_as, committee):
    html = composition_page(client_as("mu_staff"), "ar").content.decode()

    regions = chart_on(html, "isc-seats-by-region")
    assert 'dir="rtl"' in html
    assert regions.bars == list(reversed(regions.table))
    assert regions.alt == "المقاعد حسب المنطقة"


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_the_seats_by_gender_download_as_csv_for_staff_only(client_as, committee):
    gendered(committee)
    response = composition_page(client_as("mu_staff"), csv="isc-seats-by-gender")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Gender,Seats", "Man,1", "Prefers not to say,1", "Woman,2"]
    refused = composition_page(client_as("hub_staff_mena"), csv="isc-seats-by-gender")
    assert refused.status_code == 404


@pytest.mark.parametrize("seats", [4, 12])
def test_the_composition_takes_the_same_queries_whatever_the_number_of_seats(
    client_as, seats, django_assert_max_num_queries
):
    regions = [factories.RegionFactory(code=f"r{n}", name=f"Region {n}") for n in range(3)]
    for n in range(seats):
        city = member_city(regions[n % 3])
        IscTerm.objects.create(
            person=seat_holder(city),
            local_government=city,
            starts_on=TODAY - datetime.timedelta(days=10),
            ends_on=TODAY + datetime.timedelta(days=700),
        )
    client = client_as("mu_staff")
    composition_page(client)  # the session and the settings row, read once

    with django_assert_max_num_queries(QUERIES_OF_THE_COMPOSITION):
        response = composition_page(client)
    table = chart_on(response.content.decode(), "isc-seats-by-region").table
    assert sum(int(value) for _label, value in table) == seats
