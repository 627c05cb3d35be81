"""The fund's lines in the staff work queue: applications to screen (hub staff: their hub's
only), the reviews a reviewer still owes (their own), and grant reports overdue; each line
leads to the admin list narrowed to the same records, and costs the same queries however
much waits."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from funding.models import FundApplication, FundReport, FundReview
from tests import factories
from tests.workqueue.test_work_queue import QUEUE, line_text, lines

S = FundApplication.Status
TO_SCREEN = "Fund applications to screen"
REVIEWS_DUE = "Fund reviews you were asked for"
REPORTS_OVERDUE = "Fund grant reports overdue"
LIST = reverse("admin:funding_fundapplication_changelist")


def _ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def fund_round(db):
    return factories.make_fund_round(title="Round 2026")


@pytest.fixture
def submitted(rabat, oslo, fund_round, mena_hub, balkans_hub):
    """Rabat's (MENA hub) waiting five days, Oslo's (Balkans hub) two days."""
    return {
        "rabat": factories.make_fund_application(
            rabat,
            fund_round,
            status=S.SUBMITTED,
            title="Youth dialogue in Rabat",
            hub=mena_hub,
            submitted_at=_ago(5),
        ),
        "oslo": factories.make_fund_application(
            oslo,
            fund_round,
            status=S.SUBMITTED,
            title="Prevention plan for Oslo",
            hub=balkans_hub,
            submitted_at=_ago(2),
        ),
    }


def _granted(city, fund_round, *, title, due_days_ago, hub=None, status=S.IN_DELIVERY):
    application = factories.make_fund_application(
        city, fund_round, status=status, title=title, approved_usd=Decimal("5000"), hub=hub
    )
    FundReport.objects.create(
        application=application,
        kind=FundReport.Kind.FINAL,
        due_on=timezone.localdate() - datetime.timedelta(days=due_days_ago),
    )
    return application


def test_management_unit_staff_see_every_application_to_screen_the_longest_waiting_first(
    client_as, submitted
):
    text = line_text(client_as("mu_staff").get(QUEUE), TO_SCREEN)

    assert "Youth dialogue in Rabat" in text and "Prevention plan for Oslo" in text
    assert text.index("Youth dialogue in Rabat") < text.index("Prevention plan for Oslo")
    assert "Waiting 5 days" in text and "Waiting 2 days" in text


def test_hub_staff_see_only_their_hubs_applications_to_screen(client_as, submitted):
    text = line_text(client_as("hub_staff_mena").get(QUEUE), TO_SCREEN)

    assert "Youth dialogue in Rabat" in text
    assert "Oslo" not in text
    listing = client_as("hub_staff_mena").get(LIST + "?waiting=screening").content.decode()
    assert "Youth dialogue in Rabat" in listing and "Prevention plan for Oslo" not in listing


def test_the_line_leads_to_the_admin_list_of_the_same_applications(
    client_as, submitted, fund_round, rabat, mena_hub
):
    for n in range(11):
        factories.make_fund_application(
            rabat, fund_round, status=S.SUBMITTED, title=f"Extra {n}", hub=mena_hub
        )
    # A draft and a screened one are not waiting for screening.
    factories.make_fund_application(rabat, fund_round, title="Still a draft", hub=mena_hub)
    factories.make_fund_application(
        rabat, fund_round, status=S.SCREENED, title="Already screened", hub=mena_hub
    )
    client = client_as("mu_staff")

    html = client.get(QUEUE).content.decode()
    listing = client.get(LIST + "?waiting=screening").content.decode()

    assert f'href="{LIST}?waiting=screening"' in html
    assert "Extra 10" in listing and "Prevention plan for Oslo" in listing
    assert "Still a draft" not in listing and "Already screened" not in listing


def test_a_reviewer_sees_the_reviews_they_still_owe_and_nobody_elses(
    client_as, mu_staff, rabat, fund_round
):
    other_reviewer = factories.make_mu_staff(email="second.reviewer@management-unit.example.org")

    def in_review(title, **review):
        application = factories.make_fund_application(
            rabat, fund_round, status=S.IN_REVIEW, title=title
        )
        FundReview.objects.create(
            application=application, reviewer=mu_staff, assigned_at=_ago(3), **review
        )
        return application

    undeclared = in_review("Not declared yet")
    in_review("Declared, to score", conflicted=False, declared_at=_ago(1))
    in_review("Conflicted", conflicted=True, conflict_note="My cousin", declared_at=_ago(1))
    in_review("Already scored", conflicted=False, declared_at=_ago(2), submitted_at=_ago(1))
    decided = in_review("Decided meanwhile")
    FundApplication.objects.filter(pk=decided.pk).update(status=S.APPROVED)

    response = client_as("mu_staff").get(QUEUE)
    text = line_text(response, REVIEWS_DUE)

    assert "Not declared yet" in text and "Declare your conflicts of interest first" in text
    assert "Declared, to score" in text and "Conflicts declared: scores to give" in text
    assert "asked 3 days ago" in text
    for gone in ("Conflicted", "Already scored", "Decided meanwhile"):
        assert gone not in text
    assert reverse("fund:review", kwargs={"code": undeclared.code}) in response.content.decode()

    client = client_as("mu_staff")
    client.force_login(other_reviewer)
    assert REVIEWS_DUE not in lines(client.get(QUEUE))
    listing = client.get(LIST + "?waiting=my_review").content.decode()
    assert "Not declared yet" not in listing


def test_reports_overdue_are_counted_in_days_and_scoped_to_the_hub(
    client_as, rabat, oslo, fund_round, mena_hub, balkans_hub
):
    _granted(rabat, fund_round, title="Rabat trainings", due_days_ago=10, hub=mena_hub)
    _granted(oslo, fund_round, title="Oslo plan", due_days_ago=1, hub=balkans_hub)
    _granted(rabat, fund_round, title="Not due yet", due_days_ago=-5, hub=mena_hub)
    done = _granted(rabat, fund_round, title="Report in", due_days_ago=20, hub=mena_hub)
    FundReport.objects.filter(application=done).update(submitted_at=timezone.now())
    _granted(rabat, fund_round, title="Closed grant", due_days_ago=30, status=S.CLOSED)

    text = line_text(client_as("mu_staff").get(QUEUE), REPORTS_OVERDUE)
    hub_text = line_text(client_as("hub_staff_mena").get(QUEUE), REPORTS_OVERDUE)
    other_hub = client_as("hub_staff_other")

    assert text.index("Rabat trainings") < text.index("Oslo plan")
    assert "10 days overdue" in text and "1 day overdue" in text
    for gone in ("Not due yet", "Report in", "Closed grant"):
        assert gone not in text
    assert "Rabat trainings" in hub_text and "Oslo plan" not in hub_text
    listing = other_hub.get(LIST + "?waiting=report_overdue").content.decode()
    assert "Oslo plan" in listing and "Rabat trainings" not in listing


def test_the_overdue_count_is_pluralised_in_arabic(client_as, rabat, fund_round, mena_hub):
    _granted(rabat, fund_round, title="Rabat trainings", due_days_ago=3, hub=mena_hub)
    with translation.override("ar"):
        page = client_as("mu_staff").get(reverse("workqueue:queue")).content.decode()

    assert "Rabat trainings" in page
    assert "متأخر منذ 3 أيام" in page  # the Arabic plural of three (3 to 10)
    assert "3 days overdue" not in page


def test_nothing_of_the_fund_for_people_outside_the_network(client_as, submitted):
    for persona in ("official_of_rabat", "isc_member"):
        response = client_as(persona).get(QUEUE)
        assert "Youth dialogue in Rabat" not in response.content.decode()


@pytest.mark.parametrize("persona", ["mu_staff", "hub_staff_mena"])
def test_the_fund_lines_cost_the_same_queries_with_more_waiting(
    client_as, persona, rabat, fund_round, mena_hub, mu_staff, django_assert_num_queries
):
    def add_work(n):
        for i in range(n):
            factories.make_fund_application(
                rabat, fund_round, status=S.SUBMITTED, hub=mena_hub, submitted_at=_ago(i)
            )
            _granted(rabat, fund_round, title=f"Grant {i}", due_days_ago=i + 1, hub=mena_hub)
            application = factories.make_fund_application(
                rabat, fund_round, status=S.IN_REVIEW, hub=mena_hub
            )
            FundReview.objects.create(application=application, reviewer=mu_staff)

    add_work(1)
    client = client_as(persona)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    add_work(12)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(QUEUE).status_code == 200
