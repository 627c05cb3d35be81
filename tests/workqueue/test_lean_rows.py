"""The lines that name what their rows show (``Line.shows``) read those columns only: every
row still shows all it showed (a translated name in the page's language, an author of each
kind), and no row reads a column it lacks (which would cost a query per row)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from funding.models import FundApplication, FundReport, FundReview
from governance.models import WorkingGroup
from hubs.models import Activity
from hubs.services import helpdesk as hub_services
from members.models import Membership, TerritoryMatch
from scn_portal.workqueue.registry import _lines, page_of
from tests import factories
from tests.workqueue.test_work_queue import QUEUE, lines

pytestmark = pytest.mark.django_db

S = FundApplication.Status


def _ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def fill(rabat, official_of_rabat, mena_hub, mu_staff):
    """``fill(n)`` adds ``n`` items to every line that names what its rows show."""
    fund_round = factories.make_fund_round(title="Round 2026", title_ar="جولة 2026")
    territory = factories.DisputedTerritoryFactory(name="Listed territory")
    group = WorkingGroup.objects.create(topic="Online hate")
    made = {"n": 0}

    def fill(n: int) -> None:
        for _ in range(n):
            made["n"] += 1
            k = made["n"]
            city = factories.LocalGovernmentFactory(
                name=f"Lean city {k}", name_ar=f"مدينة {k}", region=rabat.region
            )
            factories.make_application(city, submitted_at=_ago(k))
            member = factories.LocalGovernmentFactory(name=f"Member {k}", region=rabat.region)
            factories.MembershipFactory(local_government=member, status=Membership.Status.MEMBER)
            TerritoryMatch.objects.create(
                local_government=member, territory=territory, rule=TerritoryMatch.Rule.SUBDIVISION
            )
            hub_services.ask_help_desk(
                city=rabat,
                actor=official_of_rabat,
                category="youth",
                subject=f"Question {k}",
                body="How do we start a youth council?",
            )
            activity = factories.ActivityFactory(title=f"Workshop {k}", hub=mena_hub)
            factories.make_registration(activity, factories.UserFactory())
            ends = _ago(1)
            Activity.objects.filter(pk=activity.pk).update(
                starts_at=ends - datetime.timedelta(hours=6), ends_at=ends
            )
            factories.IscTermFactory(
                local_government=city,
                starts_on=timezone.localdate() - datetime.timedelta(days=700),
                ends_on=timezone.localdate() + datetime.timedelta(days=k),
            )
            authors = (
                {"author_kind": "city", "author_city": city},
                {"author_kind": "hub", "author_hub": mena_hub},
                {"author_kind": "working_group", "author_group": group},
            )
            factories.make_resource(
                title=f"Practice {k}", status="in_review", **authors[k % len(authors)]
            )
            factories.make_fund_application(
                city, fund_round, status=S.SUBMITTED, title=f"Plan {k}", submitted_at=_ago(k)
            )
            in_review = factories.make_fund_application(
                city, fund_round, status=S.IN_REVIEW, title=f"Review {k}"
            )
            FundReview.objects.create(application=in_review, reviewer=mu_staff, assigned_at=_ago(2))
            granted = factories.make_fund_application(
                city, fund_round, status=S.IN_DELIVERY, title=f"Grant {k}", approved_usd=Decimal(1)
            )
            FundReport.objects.create(
                application=granted,
                kind=FundReport.Kind.FINAL,
                due_on=timezone.localdate() - datetime.timedelta(days=3),
            )

    return fill


LEAN = sorted(code for code, line in _lines.items() if line.shows)


def reads(client) -> tuple[int, object]:
    client.get(QUEUE)  # the session and permission caches are warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE)
    return len(captured), response


def test_every_lean_line_is_filled_by_the_fixture(client_as, fill):
    fill(1)
    response = client_as("mu_staff").get(QUEUE)
    waiting = {line["code"] for line in response.context["waiting"]}
    assert set(LEAN) <= waiting, set(LEAN) - waiting


def test_lean_rows_cost_no_query_of_their_own(client_as, fill):
    client = client_as("mu_staff")
    fill(1)
    one, _response = reads(client)
    fill(3)
    four, response = reads(client)
    assert response.status_code == 200
    assert four == one
    text = " ".join(lines(response).values())
    for shown in ("Lean city 4", "Question 4", "Workshop 4", "Practice 3", "Plan 4", "Review 4"):
        assert shown in text
    # Each kind of author is named: a city, a hub, a working group.
    assert "Online hate" in text and "Lean city 1" in text


def test_a_translated_name_through_a_relation_is_shown_in_the_pages_language(
    client_as, fill, mu_staff
):
    fill(1)
    arabic = client_as("mu_staff").get("/ar" + QUEUE.removeprefix("/en"))
    text = " ".join(lines(arabic).values())
    assert "مدينة 1" in text  # the city's Arabic name, read through the application
    assert "جولة 2026" in text  # the round's, read through a fund application


@pytest.mark.parametrize("code", LEAN)
def test_a_lean_page_holds_the_same_rows_as_the_whole_one(fill, mu_staff, code):
    fill(2)
    line = _lines[code]
    with translation.override("en"):
        lean = list(page_of(line, line.items(mu_staff)))
        whole = list(line.items(mu_staff)[: line.limit])
    assert lean and [row.pk for row in lean] == [row.pk for row in whole]


@pytest.mark.parametrize("persona", ["mu_staff", "hub_staff_mena"])
def test_the_help_desk_line_neither_joins_nor_groups_the_messages(persona, request):
    """No row shows how many messages a request holds: the line's count and page read the
    requests alone (the help desk's own list counts the messages)."""
    from hubs.workqueue import help_requests_waiting

    user = request.getfixturevalue(persona)
    for queryset in (help_requests_waiting(user).values("pk"), help_requests_waiting(user)[:10]):
        sql = str(queryset.query)
        assert "hubs_helpmessage" not in sql and "GROUP BY" not in sql, sql
