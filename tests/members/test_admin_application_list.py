"""The admin's Applications list: the open applications staff have received, the longest
waiting first, each with its waiting time and what the eligibility check found; decided
there through the same services as the Membership list."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, TerritoryMatch
from members.services import applications
from scn_portal.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:members_application_changelist")
S = Membership.Status


@pytest.fixture
def mena():
    return factories.RegionFactory(code="mena", name="Middle East and North Africa")


def membership_in(region, name: str, *, status=S.UNDER_REVIEW, days: int | None = 3, **city):
    local_government = factories.LocalGovernmentFactory(
        name=name, region=region, country=city.pop("country", "MA"), **city
    )
    submitted = timezone.now() - timedelta(days=days) if days is not None else None
    return factories.make_application(local_government, status=status, submitted_at=submitted)


def rows_of(response) -> list[str]:
    """The cities of the list, top to bottom."""
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'class="field-city"><a [^>]*>([^<]+)</a>', html)


def cell(response, city: str, column: str) -> str:
    """The text of ``column`` in ``city``'s row."""
    html = response.content.decode()
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if f">{city}<" in r)
    found = re.search(rf'<td class="field-{column}[^"]*">(.*?)</td>', row, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def post_action(client, action: str, rows, **data):
    return client.post(
        APPLICATIONS,
        {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in rows], "index": 0, **data},
    )


def test_the_list_opens_on_open_applications_the_longest_waiting_first(client_as, mena):
    membership_in(mena, "Patient town", status=S.INELIGIBLE, days=30)
    membership_in(mena, "Recent town", days=2)
    membership_in(mena, "Sent-back town", status=S.APPLICANT, days=9)
    membership_in(mena, "Middle town", days=10)
    membership_in(mena, "Draft town", status=S.APPLICANT, days=None)  # never submitted
    membership_in(mena, "Member town", status=S.MEMBER, days=400)
    membership_in(mena, "Rejected town", status=S.REJECTED, days=50)

    response = client_as("mu_staff").get(APPLICATIONS)

    assert rows_of(response) == ["Patient town", "Middle town", "Sent-back town", "Recent town"]
    assert cell(response, "Patient town", "waiting") == "30 days"
    assert cell(response, "Recent town", "waiting") == "2 days"


def test_statuses_read_as_words_never_as_codes(client_as, mena):
    membership_in(mena, "Reviewed town")
    membership_in(mena, "Sent-back town", status=S.APPLICANT)

    response = client_as("mu_staff").get(APPLICATIONS)

    assert cell(response, "Reviewed town", "status_label") == "Under review"
    assert cell(response, "Sent-back town", "status_label") == "Sent back to the applicant"
    assert "under_review" not in cell(response, "Reviewed town", "status_label")


def test_each_row_names_the_territory_and_the_rule_that_matched(client_as, mena):
    inside = membership_in(mena, "Inside town", subdivision="MA-09")
    territory = factories.DisputedTerritoryFactory(name="Listed territory")
    TerritoryMatch.objects.create(
        local_government=inside.local_government,
        territory=territory,
        rule=TerritoryMatch.Rule.SUBDIVISION,
    )
    membership_in(mena, "Clear town")

    response = client_as("mu_staff").get(APPLICATIONS)

    assert cell(response, "Inside town", "eligibility_result") == (
        "Inside a disputed territory: Listed territory"
    )
    assert cell(response, "Inside town", "rule") == str(TerritoryMatch.Rule.SUBDIVISION.label)
    assert cell(response, "Clear town", "eligibility_result") == "Eligible"
    assert cell(response, "Clear town", "rule") == "—"


def test_the_status_filter_narrows_to_what_waits_for_staff_or_for_the_applicant(client_as, mena):
    membership_in(mena, "Reviewed town")
    membership_in(mena, "Sent-back town", status=S.APPLICANT)
    client = client_as("mu_staff")

    assert rows_of(client.get(APPLICATIONS, {"status": "under_review"})) == ["Reviewed town"]
    assert rows_of(client.get(APPLICATIONS, {"status": "applicant"})) == ["Sent-back town"]


def test_the_query_count_does_not_grow_with_the_number_of_applications(
    client_as, mena, django_assert_num_queries
):
    territory = factories.DisputedTerritoryFactory()
    client = client_as("mu_staff")
    client.get(APPLICATIONS)  # warm the session and permission caches

    def add(start: int, stop: int) -> None:
        for n in range(start, stop):
            membership = membership_in(mena, f"Town {n}", days=n + 1)
            if n % 2:
                TerritoryMatch.objects.create(
                    local_government=membership.local_government,
                    territory=territory,
                    rule=TerritoryMatch.Rule.BOUNDARY,
                )

    add(0, 4)
    with CaptureQueriesContext(connection) as at_4:
        assert len(rows_of(client.get(APPLICATIONS))) == 4
    add(4, 40)
    with django_assert_num_queries(len(at_4)):
        assert len(rows_of(client.get(APPLICATIONS))) == 40


def test_approving_from_the_list_goes_through_the_service_and_into_the_trail(
    client_as, mena, mu_staff
):
    clear = membership_in(mena, "Clear town")

    response = post_action(client_as("mu_staff"), "approve", [clear])

    assert response.status_code == 302
    clear.refresh_from_db()
    assert clear.status == S.MEMBER
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=str(clear.pk),
        event="membership_approved",
        action="changed",
    )
    assert entry.actor == mu_staff and entry.changes["status"] == [S.UNDER_REVIEW, S.MEMBER]
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 application approved." in shown


def test_rejecting_asks_for_the_reason_first_and_sending_back_says_what_is_missing(
    client_as, mena, mu_staff
):
    rejected = membership_in(mena, "Rejected town")
    sent_back = membership_in(mena, "Sent-back town")
    client = client_as("mu_staff")

    asked = post_action(client, "reject", [rejected])
    assert asked.status_code == 200 and "Rejected town" in asked.content.decode()
    rejected.refresh_from_db()
    assert rejected.status == S.UNDER_REVIEW

    post_action(client, "reject", [rejected], apply="1", reason="Not a local government.")
    post_action(client, "request_information", [sent_back], apply="1", reason="Sign the letter.")

    rejected.refresh_from_db()
    sent_back.refresh_from_db()
    assert (rejected.status, sent_back.status) == (S.REJECTED, S.APPLICANT)
    assert rejected.transitions.get().reason == "Not a local government."
    assert sent_back.transitions.get().actor == mu_staff


def test_a_refused_decision_leaves_the_row_and_says_why(client_as, mena):
    ineligible = membership_in(mena, "Inside town", status=S.INELIGIBLE)

    response = post_action(client_as("mu_staff"), "approve", [ineligible])

    ineligible.refresh_from_db()
    assert ineligible.status == S.INELIGIBLE
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith("Inside town: ") for m in shown)


def test_hub_staff_see_their_regions_applications_and_decide_none(
    client_as, rabat, oslo, hub_staff_mena
):
    casablanca = membership_in(rabat.region, "Casablanca")
    membership_in(oslo.region, "Bergen", country="NO")
    client = client_as("hub_staff_mena")

    response = client.get(APPLICATIONS)
    assert rows_of(response) == ["Casablanca"]
    assert 'value="approve"' not in response.content.decode()

    post_action(client, "approve", [casablanca])
    casablanca.refresh_from_db()
    assert casablanca.status == S.UNDER_REVIEW


def test_another_hubs_application_does_not_exist_for_hub_staff(client_as, oslo, hub_staff_mena):
    bergen = membership_in(oslo.region, "Bergen", country="NO")
    change = reverse("admin:members_application_change", args=[bergen.pk])

    response = client_as("hub_staff_mena").get(change)

    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_an_application_opens_on_its_history_in_words_and_is_never_edited(
    client_as, mena, mu_staff
):
    membership = membership_in(mena, "Some town", status=S.APPLICANT)
    applications.submit_application(membership=membership, actor=mu_staff)
    client = client_as("mu_staff")

    page = client.get(reverse("admin:members_application_change", args=[membership.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Applicant → Under review" in html
    assert 'type="submit"' not in html.split('id="content-main"')[1].split("</form>")[0]
    assert client.get(reverse("admin:members_application_add")).status_code == 403
    delete = reverse("admin:members_application_delete", args=[membership.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_work_queue_sends_staff_to_the_applications_waiting_for_a_decision(client_as, mena):
    for n in range(11):  # one more than the line shows
        membership_in(mena, f"Town {n}", days=n + 1)

    queue = client_as("mu_staff").get(reverse("workqueue:queue")).content.decode()

    see_all = f'href="{APPLICATIONS}?status=under_review"'
    assert see_all in queue
    assert len(rows_of(client_as("mu_staff").get(APPLICATIONS, {"status": "under_review"}))) == 11
