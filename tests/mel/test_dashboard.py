"""The staff dashboard and the public "network at a glance": figures equal the indicators',
each staff figure opens a list with exactly that many rows, hub staff see their hub, the
charts come with their numbers, and the queries do not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scn_portal.mel.models import Indicator, RecordedValue, Snapshot, Target
from scn_portal.mel.periods import Period
from scn_portal.mel.services import take_snapshots
from tests import factories

pytestmark = pytest.mark.django_db


def add_members(region, n, joined=datetime.date(2023, 1, 1)):
    for _ in range(n):
        factories.MembershipFactory(local_government__region=region, joined_on=joined)


@pytest.fixture
def regions(mena_hub, balkans_hub):
    mena = mena_hub.regions.get()
    europe = balkans_hub.regions.get()
    add_members(mena, 3)
    add_members(europe, 2)
    return {"mena": mena, "europe": europe}


def dashboard(client, **params):
    return client.get(reverse("mel:dashboard"), params)


def figure_of(page, code):
    for group in page.context["groups"]:
        for figure in group["figures"]:
            if figure.indicator.code == code:
                return figure
    raise AssertionError(code)


def test_the_dashboards_figure_is_the_snapshots_and_opens_exactly_its_records(regions, client_as):
    member = Indicator.objects.get(code="member-cities")
    take_snapshots(period=Period(2024), indicators=[member])
    client = client_as("mu_staff")

    page = dashboard(client, year=2024)
    figure = figure_of(page, "member-cities")
    snapshot = Snapshot.objects.get(indicator=member, period="2024", disaggregation="")

    assert figure.value == snapshot.value == 5
    assert figure.url == reverse("mel:records", args=[snapshot.pk])
    assert f'href="{figure.url}"' in page.content.decode()
    listed = client.get(figure.url)
    assert len(listed.context["rows"]) == 5


def test_a_year_without_snapshot_is_computed_now_and_its_list_agrees(regions, client_as):
    client = client_as("mu_staff")
    year = timezone.localdate().year

    figure = figure_of(dashboard(client, year=year), "new-members")
    factories.MembershipFactory(
        local_government__region=regions["mena"], joined_on=timezone.localdate()
    )
    figure = figure_of(dashboard(client, year=year), "new-members")

    assert figure.value == 1
    assert len(client.get(figure.url).context["rows"]) == 1


def test_indicators_against_targets_show_their_status(regions, client_as):
    meetings = Indicator.objects.get(code="isc-meetings")
    year = Period(2024)
    take_snapshots(period=year, indicators=[meetings])  # no meeting held: 0 against 2
    Target.objects.create(indicator=meetings, year=2024, value=2)
    recorded = Indicator.objects.get(code="city-to-city-exchanges")
    Target.objects.create(indicator=recorded, year=2024, value=10)
    RecordedValue.objects.create(indicator=recorded, period="2024", value=10, source="Hub reports")

    page = dashboard(client_as("mu_staff"), year=2024)

    assert figure_of(page, "isc-meetings").status == "off_track"
    exchanges = figure_of(page, "city-to-city-exchanges")
    assert exchanges.status == "on_track" and exchanges.value == 10
    assert "On track" in page.content.decode() and "Off track" in page.content.decode()


def test_filtering_by_region_shows_that_regions_figure(regions, client_as):
    page = dashboard(client_as("mu_staff"), year=2024, split="region:europe")

    assert figure_of(page, "member-cities").value == 2


def test_hub_staff_see_their_hub_and_cannot_ask_for_another(regions, client_as):
    client = client_as("hub_staff_mena")

    page = dashboard(client, year=2024)
    assert page.status_code == 200
    assert page.context["split"] in ("region:mena", "hub:mena")
    assert figure_of(page, "member-cities").value == 3
    # Another region, or the whole network, is not among their choices: the default stays.
    other = dashboard(client, year=2024, split="region:europe")
    assert figure_of(other, "member-cities").value == 3
    # Nor can they open another region's list directly.
    europe = reverse("mel:live_records", args=["member-cities", "2024"]) + "?split=region:europe"
    assert client.get(europe).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "official_of_rabat", "isc_member"])
def test_the_staff_dashboard_is_closed_to_others(persona, client_as, regions):
    page = dashboard(client_as(persona))
    assert page.status_code in (302, 404)


def test_charts_carry_their_numbers_as_a_table_and_as_csv(regions, client_as):
    client = client_as("mu_staff")
    page = dashboard(client, year=2024)
    html = page.content.decode()

    assert 'src="data:image/svg+xml;base64,' in html
    by_region = next(c for c in page.context["charts"] if c.code == "members-by-region")
    counts = {str(r.label): r.value for r in by_region.rows}
    assert (counts[str(regions["mena"].name)], counts[str(regions["europe"].name)]) == (3, 2)
    csv = client.get(reverse("mel:dashboard"), {"year": 2024, "csv": "members-by-region"})
    assert csv["Content-Type"].startswith("text/csv")
    assert f"{regions['mena'].name},3" in csv.content.decode("utf-8-sig")


def test_the_arabic_dashboard_reads_right_to_left(regions, client_as):
    page = client_as("mu_staff").get("/ar/staff/mel/", {"year": 2024})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html
    assert "المدن الأعضاء" in html
    over_time = next(c for c in page.context["charts"] if c.code == "members-over-time")
    svg = over_time.svg(rtl=True)
    # The years run from right to left: the latest is drawn first, at the left edge.
    assert svg.index(">2024<") < svg.index(">2020<")


def test_the_dashboards_queries_do_not_grow_with_the_data(regions, client_as):
    client = client_as("mu_staff")
    dashboard(client, year=2024)
    with CaptureQueriesContext(connection) as small:
        dashboard(client, year=2024)
    add_members(regions["mena"], 40)
    add_members(regions["europe"], 30)
    with CaptureQueriesContext(connection) as large:
        dashboard(client, year=2024)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_public_page_shows_public_indicators_without_staff_links(regions, client_as):
    page = client_as("anonymous").get(reverse("mel:glance"))

    html = page.content.decode()
    assert page.status_code == 200
    codes = {f.indicator.code for g in page.context["groups"] for f in g["figures"]}
    assert "member-cities" in codes and "isc-meetings" not in codes
    assert "/staff/mel/" not in html
    assert "Member cities by region" in html


def test_a_recorded_indicator_without_its_value_offers_staff_the_form_to_record_it(
    regions, client_as
):
    exchanges = Indicator.objects.get(code="city-to-city-exchanges")
    staff = client_as("mu_staff")

    figure = figure_of(dashboard(staff, year=2024), "city-to-city-exchanges")
    add = reverse("admin:mel_recordedvalue_add")
    assert figure.record_url == f"{add}?indicator={exchanges.pk}&period=2024"
    assert f'href="{figure.record_url.replace("&", "&amp;")}"' in (
        dashboard(staff, year=2024).content.decode()
    )
    form = staff.get(figure.record_url).context["adminform"].form
    assert form.initial["indicator"] == str(exchanges.pk) and form.initial["period"] == "2024"

    RecordedValue.objects.create(indicator=exchanges, period="2024", value=9, source="Hubs")
    assert figure_of(dashboard(staff, year=2024), "city-to-city-exchanges").record_url == ""
    assert figure_of(dashboard(staff, year=2024), "member-cities").record_url == ""
    assert (
        "Record the value" not in client_as("anonymous").get(reverse("mel:glance")).content.decode()
    )
