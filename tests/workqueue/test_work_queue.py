"""The staff work queue: what waits for Management Unit staff, and for hub staff in their
hub's regions only, oldest first, each line linking to where it is handled."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import IscTerm, Minutes, MinutesComment
from members.models import ActingClaim, LocationChange, Membership, TerritoryMatch
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reports.models import ReportRequest
from tests import factories

pytestmark = pytest.mark.django_db
QUEUE = reverse("workqueue:queue")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def lines(response) -> dict[str, str]:
    """Each waiting line's heading and the text of its section."""
    html = response.content.decode()
    sections = re.findall(r'<section class="card work-line"[^>]*>(.*?)</section>', html, re.S)
    return {
        text_of(re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1)): text_of(section)
        for section in sections
    }


def line_text(response, heading: str) -> str:
    found = [text for title, text in lines(response).items() if title.startswith(heading)]
    assert found, f"no line {heading!r} in {list(lines(response))}"
    return found[0]


def application(city, *, days: int):
    return factories.make_application(
        city, submitted_at=timezone.now() - datetime.timedelta(days=days)
    )


def flag(city, territory):
    return TerritoryMatch.objects.create(
        local_government=city, territory=territory, rule=TerritoryMatch.Rule.SUBDIVISION
    )


@pytest.fixture
def casablanca(rabat):
    return factories.LocalGovernmentFactory(name="Casablanca", country="MA", region=rabat.region)


@pytest.fixture
def busy_network(rabat, oslo, casablanca, the_hague):
    """Something waiting in every line: two applications in MENA (one inside a listed
    territory), one in Europe, and the rest of the secretariat's work."""
    territory = factories.DisputedTerritoryFactory(name="Listed territory")
    application(casablanca, days=12)
    flag(casablanca, territory)
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=2)
    application(factories.LocalGovernmentFactory(name="Bergen", region=oslo.region), days=40)
    factories.ActingClaimFactory(local_government=rabat)
    flag(rabat, territory)  # Rabat is a member: flagged by the screening
    LocationChange.objects.create(local_government=oslo, subdivision="NO-03")
    factories.make_minutes()
    circulated = factories.make_minutes(status=Minutes.Status.CIRCULATED)
    circulated.review_deadline = timezone.now() + datetime.timedelta(days=5)
    circulated.save(update_fields=["review_deadline"])
    MinutesComment.objects.create(
        minutes=circulated,
        agenda_item=circulated.items.first().agenda_item,
        author=factories.UserFactory(),
        text="Please add the venue.",
    )
    factories.IscTermFactory(
        local_government=the_hague,
        starts_on=timezone.localdate() - datetime.timedelta(days=700),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    ReminderDelivery.objects.create(
        rule="members.recommitment",
        occasion="x",
        email="mayor@bergen.example.org",
        language="en",
        status=ReminderDelivery.Status.FAILED,
        error="SMTPServerDisconnected",
    )
    ReportRequest.objects.create(
        kind="network_at_a_glance", language="ar", status=ReportRequest.Status.FAILED
    )


def test_management_unit_staff_see_every_line_with_the_oldest_application_first(
    client_as, busy_network
):
    response = client_as("mu_staff").get(QUEUE)

    assert response.status_code == 200
    applications = line_text(response, "Applications waiting for a decision")
    assert applications.index("Bergen") < applications.index("Casablanca")
    assert applications.index("Casablanca") < applications.index("Tangier")
    assert "Waiting 40 days" in applications and "Waiting 12 days" in applications
    assert "Listed territory" in applications  # what the eligibility check found
    assert "No disputed territory found" in applications  # Tangier and Bergen
    for heading in (
        "Requests to act for a city",
        "Members the last screening found in a disputed territory",
        "Proposed changes of location",
        "Minutes to circulate",
        "Minutes under review",
        "ISC terms ending within 90 days",
        "Reminders and notices that failed to send",
        "Reports that failed",
    ):
        assert line_text(response, heading)
    assert "1 open comment" in line_text(response, "Minutes under review")
    assert "Rabat" in line_text(response, "Members the last screening")


def test_each_line_links_to_where_it_is_handled(client_as, busy_network, casablanca):
    response = client_as("mu_staff").get(QUEUE)
    hrefs = re.findall(r'href="([^"]+)"', response.content.decode())
    casablanca_application = Membership.objects.get(local_government=casablanca)
    claim = ActingClaim.objects.get()

    for url in (
        reverse("admin:members_membership_change", args=[casablanca_application.pk]),
        reverse("admin:members_actingclaim_change", args=[claim.pk]),
        reverse("admin:members_locationchange_change", args=[LocationChange.objects.get().pk]),
        reverse("admin:governance_iscterm_change", args=[IscTerm.objects.get().pk]),
    ):
        assert url in hrefs


def test_hub_staff_see_only_their_hubs_regions_and_no_secretariat_lines(
    client_as, busy_network, hub_staff_mena
):
    response = client_as("hub_staff_mena").get(QUEUE)

    assert response.status_code == 200
    applications = line_text(response, "Applications waiting for a decision")
    assert "Casablanca" in applications and "Tangier" in applications
    assert "Bergen" not in applications
    headings = " ".join(lines(response))
    for staff_only in ("Minutes", "ISC terms", "Reminders", "Reports", "Requests to act"):
        assert staff_only not in headings
    assert "Oslo" not in response.content.decode()  # Europe's location change


def test_nothing_waiting_says_so(client_as, db):
    response = client_as("mu_staff").get(QUEUE)
    assert "Nothing waits for you today." in response.content.decode()


def test_officials_and_isc_members_have_no_work_queue(client_as, official_of_rabat, isc_member):
    for persona in ("official_of_rabat", "isc_member"):
        assert client_as(persona).get(QUEUE).status_code == 404


def test_staff_open_on_the_work_queue_and_officials_on_their_dashboard(
    client, mu_staff, official_of_rabat
):
    for user, where in ((mu_staff, QUEUE), (official_of_rabat, reverse("web:dashboard"))):
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
        )
        assert response.status_code == 302 and response.url == where


@pytest.mark.parametrize("persona", ["mu_staff", "hub_staff_mena"])
def test_the_queue_costs_the_same_queries_with_three_times_the_work(
    client_as, busy_network, persona, rabat, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(persona)
    client.get(QUEUE)  # the session and permission caches are warm
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    for n in range(12):
        city = factories.LocalGovernmentFactory(name=f"Extra {n}", region=rabat.region)
        application(city, days=n)
        flag(city, factories.DisputedTerritoryFactory())
        factories.ActingClaimFactory(local_government=city)
        factories.make_minutes()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(QUEUE)
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["mu_staff", "hub_staff_mena"])
def test_every_line_is_counted_in_one_query_and_each_waiting_line_reads_its_page(
    client_as, persona, request
):
    """Staff see each line's own count; the lines are counted together, so a line that is
    clear costs no query of its own and a line with something waiting reads its page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scn_portal.workqueue.registry import lines_for

    client = client_as(persona)

    def visit():
        client.get(QUEUE)  # the session and permission caches are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE)
        reads = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
        return response, len(reads), sum(1 for sql in reads if "COUNT(" in sql.upper())

    quiet, quiet_reads, quiet_counts = visit()
    request.getfixturevalue("busy_network")
    busy, busy_reads, _counts = visit()

    user = busy.wsgi_request.user
    shown = {line["code"]: line["count"] for line in busy.context["waiting"]}
    shown.update({line["code"]: line["count"] for line in busy.context["clear"]})
    assert shown == {line.code: line.items(user).count() for line in lines_for(user)}
    waiting = len(busy.context["waiting"])
    assert waiting >= 2 and not quiet.context["waiting"]
    # One query counts every line; with lines waiting, a page each (and a line's prefetch).
    assert quiet_counts == 1
    assert quiet_reads + waiting <= busy_reads <= quiet_reads + 2 * waiting


def test_the_territories_a_check_found_are_read_only_when_an_application_has_some(
    client_as, rabat, casablanca
):
    """Most applications waiting have no match: their page then costs no query for
    territories; once one has, its territory is named and the others still say none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application(rabat, days=9)
    application(casablanca, days=3)
    client = client_as("mu_staff")

    def visit():
        client.get(QUEUE)  # the session and permission caches are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE)
        return response, len(captured)

    clear, clear_reads = visit()
    assert line_text(clear, "Applications").count("No disputed territory found") == 2
    flag(casablanca, factories.DisputedTerritoryFactory(name="Listed territory"))
    flagged, flagged_reads = visit()
    text = line_text(flagged, "Applications")
    assert "Listed territory" in text and text.count("No disputed territory found") == 1
    assert flagged_reads == clear_reads + 1
