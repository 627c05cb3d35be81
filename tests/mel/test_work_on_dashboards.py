"""The hubs' and the fund's figures on the staff dashboard, the public "network at a
glance" and in the annual report: activities and participants per priority (each bar
opening its records), the fund's commitments against its envelopes, funding by donor and
by type of support against costs, never an anonymous donor's name in public; the same
figures in the Arabic report as in the English one; queries constant in data size."""

import datetime
import shutil
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import FundApplication, OperatingCost, SupportType
from hubs.models import Activity, Registration
from scn_portal.mel.models import Indicator
from scn_portal.mel.reports import ANNUAL_REPORT, annual_report_context
from scn_portal.reports.models import ReportRequest
from tests import factories

from .test_annual_report import numbers, pdf_text

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 2, 10, 9, 30, tzinfo=datetime.UTC)
QUIET = "The Quiet Trust"


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def held(title, day, region, priorities, people):
    activity = factories.ActivityFactory(
        title=title, starts_at=at(day), ends_at=at(day, 17), region=region, status="held"
    )
    activity.priorities.set(priorities)
    for city in people:
        Registration.objects.create(
            activity=activity,
            user=factories.UserFactory(),
            local_government=city,
            status=Registration.Status.REGISTERED,
            attended=True,
        )
    return activity


@pytest.fixture
def work_2024(mena_hub):
    """2024: two activities held (youth: 3 participants from Rabat; city-to-city: 2 from
    Oslo); a round of USD 100,000 with a grant of 40,000 to Rabat; Norway gives 90,000 for
    activities, an anonymous trust 10,000; the costs are 400,000."""
    mena = mena_hub.regions.get()
    europe = factories.RegionFactory(code="europe", name="Europe")
    youth = factories.StrategicPriorityFactory(code="city-youth", number=4, title="City–youth")
    exchange = factories.StrategicPriorityFactory(code="city-to-city", number=1, title="Exchange")
    rabat = factories.LocalGovernmentFactory(name="Rabat", region=mena)
    oslo = factories.LocalGovernmentFactory(name="Oslo", region=europe)
    held("Youth forum", datetime.date(2024, 5, 2), mena, [youth], [rabat] * 3)
    held("Peer exchange", datetime.date(2024, 9, 9), europe, [exchange], [oslo] * 2)
    fund_round = factories.make_fund_round(
        envelope="100000.00",
        title="Round 2024",
        opens_on=datetime.date(2024, 2, 1),
        closes_on=datetime.date(2024, 3, 31),
    )
    factories.make_fund_application(
        rabat,
        fund_round,
        status=FundApplication.Status.APPROVED,
        approved_usd=Decimal("40000.00"),
        decided_at=at(datetime.date(2024, 4, 15)),
    )
    activities = SupportType.objects.get(number=1)  # seeded: activities across the priorities
    factories.make_contribution(
        factories.DonorFactory(organisation__name="Norway"),
        amount="90000.00",
        support_type=activities,
    )
    factories.make_contribution(
        factories.DonorFactory(organisation__name=QUIET, naming="anonymous"), amount="10000.00"
    )
    OperatingCost.objects.create(year=2024, amount_usd=Decimal("400000.00"))
    # The network's indicator of activities, split by priority: the dashboard's bars open it.
    Indicator.objects.create(
        code="activities-held-test",
        name="Activities held",
        measure="hubs.activities_held",
        disaggregations=["priority"],
    )
    return {"mena": mena, "europe": europe, "youth": youth, "rabat": rabat, "oslo": oslo}


def chart(charts, code):
    return next(c for c in charts if c.code == code)


def values(chart):
    return {str(row.label): row.value for row in chart.rows}


def test_the_staff_dashboard_draws_the_work_and_each_bar_opens_its_records(work_2024, client_as):
    client = client_as("mu_staff")
    page = client.get(reverse("mel:dashboard"), {"year": 2024})
    charts = page.context["charts"]

    activities = chart(charts, "hubs-activities_held-by-priority")
    assert values(activities) == {"1. Exchange": 1, "4. City–youth": 1}
    assert values(chart(charts, "hubs-participants-by-priority"))["4. City–youth"] == 3
    youth_bar = next(r for r in activities.rows if str(r.label) == "4. City–youth")
    listed = client.get(youth_bar.url)
    assert [row["label"] for row in listed.context["rows"]] == [
        str(Activity.objects.get(title="Youth forum"))
    ]
    assert values(chart(charts, "fund-envelope")) == {
        "Envelopes of the year's rounds": 100000,
        "Committed to grants": 40000,
        "Still available": 60000,
    }
    by_donor = values(chart(charts, "funding-by-donor"))
    assert by_donor == {"Norway": 90000, QUIET: 10000, "Operating costs": 400000}
    by_type = values(chart(charts, "funding-by-support-type"))
    assert by_type[str(SupportType.objects.get(number=1))] == 90000
    assert "funding-by-donor" in page.content.decode()


def test_hub_staff_see_neither_the_networks_funding_nor_its_priority_bars(work_2024, client_as):
    page = client_as("hub_staff_mena").get(reverse("mel:dashboard"), {"year": 2024})
    codes = {c.code for c in page.context["charts"]}
    assert "funding-by-donor" not in codes and "fund-envelope" not in codes
    assert QUIET not in page.content.decode()
    youth_split = "priority:city-youth"
    other = client_as("hub_staff_mena").get(
        reverse("mel:live_records", args=["activities-held-test", "2024"]),
        {"split": youth_split},
    )
    assert other.status_code == 404


def test_the_public_page_never_names_an_anonymous_donor(work_2024, client_as):
    with time_machine.travel(datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC)):
        page = client_as("anonymous").get(reverse("mel:glance"))
    html = page.content.decode()
    assert page.status_code == 200
    by_donor = values(chart(page.context["charts"], "funding-by-donor"))
    assert by_donor == {"Norway": 90000, "Anonymous donors": 10000, "Operating costs": 400000}
    assert QUIET not in html
    assert "/staff/" not in html
    assert values(chart(page.context["charts"], "hubs-activities_held-by-priority")) == {
        "1. Exchange": 1,
        "4. City–youth": 1,
    }


def test_the_report_carries_the_activities_hubs_fund_and_funding(work_2024):
    with time_machine.travel(NOW):
        context = annual_report_context({"year": 2024})
    sections = {s["code"]: s for s in context["sections"]}
    assert {"activities", "hubs", "fund", "funding"} <= set(sections)
    rows = {str(r["label"]): r["value"] for s in sections.values() for r in s["rows"]}
    assert rows["Activities held in the period"] == "2"
    assert rows["Participants in the activities held"] == "5"
    assert rows["Cities engaged in at least one activity"] == "2"
    assert rows["Youth-engagement activities held"] == "1"
    assert rows["Fund grants approved in the period (USD)"] == "40000"
    assert rows["Contributions of donors and partners, financial and in kind (USD)"] == "100000"
    assert rows["Share of the operating costs covered by contributions (%)"] == "25"
    funding = {c.code: c for c in sections["funding"]["charts"]}
    assert "Anonymous donors" in values(funding["funding-by-donor"])
    assert QUIET not in values(funding["funding-by-donor"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_arabic_and_english_reports_carry_the_same_figures_of_the_work(
    work_2024, client_as, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    with time_machine.travel(NOW, tick=False):
        for language in ("en", "ar"):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("mel:annual_report"), {"year": 2024, "language": language})
    english, arabic = (
        ReportRequest.objects.get(kind=ANNUAL_REPORT, language=language)
        for language in ("en", "ar")
    )
    assert english.status == arabic.status == "done", (english.error, arabic.error)
    en, ar = pdf_text(english.file.path), pdf_text(arabic.file.path)
    assert numbers(en) == numbers(ar)
    for figure in ("40000", "60000", "90000", "400000", "100000"):
        assert numbers(en)[figure] >= 1, figure
    assert QUIET not in en and QUIET not in ar


def test_the_dashboards_queries_do_not_grow_with_the_work(work_2024, client_as, time_machine):
    time_machine.move_to(datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC))
    client = client_as("mu_staff")

    def count(url, **params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries.captured_queries)

    dashboard, glance = reverse("mel:dashboard"), reverse("mel:glance")
    count(dashboard, year=2024), count(glance)  # the caches warm
    small = count(dashboard, year=2024), count(glance)
    for n in range(15):
        held(
            f"More {n}",
            datetime.date(2024, 6, 1),
            work_2024["mena"],
            [work_2024["youth"]],
            [work_2024["rabat"], work_2024["oslo"]],
        )
        factories.make_contribution(
            factories.DonorFactory(organisation__name=f"Donor {n}"), amount="100.00"
        )
    count(glance)
    assert (count(dashboard, year=2024), count(glance)) == small
