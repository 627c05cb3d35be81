"""Help-desk requests in the admin: hub staff find, assign and move on only their hubs'
requests (the list, the page, the assignee's choices and the actions), the Management
Unit every request; what staff do goes through the help desk's services."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from hubs.models import HelpRequest
from hubs.services import helpdesk as services
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import errors_on, read_form

pytestmark = pytest.mark.django_db
S = HelpRequest.Status
SIXTY_HOURS = datetime.timedelta(hours=60)
LIST = reverse("admin:hubs_helprequest_changelist")


@pytest.fixture(autouse=True)
def _no_emails_after_commit(monkeypatch):
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback, **kw: None)


def ask(city, official, subject):
    return services.ask_help_desk(
        city=city, actor=official, category="youth", subject=subject, body="How?"
    )


@pytest.fixture
def requests(rabat, oslo, official_of_rabat, official_of_other_city, mena_hub, balkans_hub):
    denver = factories.LocalGovernmentFactory(name="Denver", country="US")
    factories.MembershipFactory(local_government=denver)
    return {
        "rabat": ask(rabat, official_of_rabat, "Rabat's youth council"),
        "oslo": ask(oslo, official_of_other_city, "Oslo's tension after the match"),
        "denver": ask(denver, factories.make_official(denver), "Denver's first plan"),
    }


def subjects(response) -> list[str]:
    assert response.status_code == 200
    return sorted(str(r) for r in response.context["cl"].result_list)


def change_url(help_request) -> str:
    return reverse("admin:hubs_helprequest_change", args=[help_request.pk])


def test_hub_staff_list_their_hubs_requests_and_staff_every_request(client_as, requests):
    assert subjects(client_as("hub_staff_mena").get(LIST)) == ["Rabat's youth council"]
    assert subjects(client_as("hub_staff_other").get(LIST)) == ["Oslo's tension after the match"]
    assert len(subjects(client_as("mu_staff").get(LIST))) == 3


def test_the_team_filter_offers_hub_staff_their_hub_only(client_as, requests, mena_hub):
    page = client_as("hub_staff_mena").get(LIST).content.decode()
    assert f"?team={mena_hub.pk}" in page
    assert "Western Balkans hub" not in page and "team=central" not in page
    staff = client_as("mu_staff")
    assert subjects(staff.get(LIST, {"team": "central"})) == ["Denver's first plan"]
    assert subjects(staff.get(LIST, {"team": str(mena_hub.pk)})) == ["Rabat's youth council"]


def test_the_list_filters_by_status_and_by_an_overdue_first_answer(client_as, requests, mu_staff):
    services.assign_help_request(help_request=requests["oslo"], assignee=mu_staff, actor=mu_staff)
    staff = client_as("mu_staff")
    assert subjects(staff.get(LIST, {"status__exact": S.TRIAGED})) == [
        "Oslo's tension after the match"
    ]
    assert "Assigned" in staff.get(LIST).content.decode()
    # Asked 60 hours ago: the hubs answer within 48 hours, the central team within 72.
    HelpRequest.objects.update(first_response_due=F("first_response_due") - SIXTY_HOURS)
    assert subjects(staff.get(LIST, {"first_answer": "overdue"})) == [
        "Oslo's tension after the match",
        "Rabat's youth council",
    ]
    assert subjects(staff.get(LIST, {"first_answer": "waiting"})) == ["Denver's first plan"]


def test_another_hubs_request_does_not_exist_for_hub_staff(client_as, requests, hub_staff_other):
    client = client_as("hub_staff_mena")
    oslo = requests["oslo"]
    assert client.get(change_url(oslo)).status_code == 302
    response = client.post(change_url(oslo), {"assigned_to": str(hub_staff_other.pk)})
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.assigned_to is None and oslo.status == S.NEW


def test_hub_staff_assign_their_hubs_request_through_the_service(
    client_as, requests, expert, hub_staff_mena
):
    client = client_as("hub_staff_mena")
    rabat = requests["rabat"]
    page = client.get(change_url(rabat))
    assert reverse("hubs:staff_help_request", args=[rabat.code]) in page.content.decode()
    data = read_form(page.content.decode())
    data["assigned_to"] = [str(expert.pk)]

    assert client.post(change_url(rabat), data).status_code == 302

    rabat.refresh_from_db()
    assert rabat.assigned_to == expert and rabat.status == S.TRIAGED
    assert AuditEntry.objects.filter(event="help_request_assigned").exists()


def test_an_assignee_from_another_hub_is_refused_and_nothing_changes(
    client_as, requests, hub_staff_other, official_of_rabat
):
    client = client_as("hub_staff_mena")
    rabat = requests["rabat"]
    for outsider in (hub_staff_other, official_of_rabat):
        data = read_form(client.get(change_url(rabat)).content.decode())
        data["assigned_to"] = [str(outsider.pk)]
        response = client.post(change_url(rabat), data)
        assert response.status_code == 200
        assert errors_on(response, "assigned_to")
    rabat.refresh_from_db()
    assert rabat.assigned_to is None and rabat.status == S.NEW


def test_actions_move_on_only_the_requests_hub_staff_handle(client_as, requests, hub_staff_mena):
    client = client_as("hub_staff_mena")
    rabat, oslo = requests["rabat"], requests["oslo"]
    selected = [str(rabat.pk), str(oslo.pk)]
    response = client.post(LIST, {"action": "assign_to_me", "_selected_action": selected})
    assert response.status_code == 302
    rabat.refresh_from_db()
    oslo.refresh_from_db()
    assert rabat.assigned_to == hub_staff_mena and rabat.status == S.TRIAGED
    assert oslo.assigned_to is None and oslo.status == S.NEW

    client.post(LIST, {"action": "start_selected", "_selected_action": selected})
    rabat.refresh_from_db()
    oslo.refresh_from_db()
    assert rabat.status == S.IN_PROGRESS and oslo.status == S.NEW

    client.post(LIST, {"action": "close_selected", "_selected_action": selected})
    rabat.refresh_from_db()
    oslo.refresh_from_db()
    assert rabat.status == S.CLOSED and oslo.status == S.NEW


def test_an_action_the_service_refuses_says_why(client_as, requests, mu_staff):
    rabat = requests["rabat"]
    services.close_help_request(help_request=rabat, actor=mu_staff)
    response = client_as("mu_staff").post(
        LIST, {"action": "start_selected", "_selected_action": [str(rabat.pk)]}, follow=True
    )
    assert "Only a waiting request can be started." in response.content.decode()
    rabat.refresh_from_db()
    assert rabat.status == S.CLOSED


def test_internal_notes_show_in_the_thread_and_nobody_adds_or_deletes_requests(
    client_as, requests, hub_staff_mena
):
    rabat = requests["rabat"]
    services.reply_as_staff(
        help_request=rabat, actor=hub_staff_mena, body="The mayor follows this.", internal=True
    )
    client = client_as("hub_staff_mena")
    assert "The mayor follows this." in client.get(change_url(rabat)).content.decode()
    assert client.get(reverse("admin:hubs_helprequest_add")).status_code == 403
    delete = reverse("admin:hubs_helprequest_delete", args=[rabat.pk])
    assert client_as("mu_staff").post(delete, {"post": "yes"}).status_code == 403
    assert HelpRequest.objects.filter(pk=rabat.pk).exists()
