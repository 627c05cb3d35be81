"""The help desk: an official asks, the hub serving the city answers (the central team
where none does), notes stay with staff, the city closes and rates; nobody else sees it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from hubs.models import HelpAttachment, HelpMessage, HelpRequest
from hubs.services import helpdesk as services
from hubs.tasks import remind_help_desk_targets
from tests import factories

S = HelpRequest.Status


@pytest.fixture(autouse=True)
def _emails_after_commit(monkeypatch):
    """The test's transaction never commits: run the follow-up work the moment it is queued
    (it is queued last in each service, so nothing it reads is still to change)."""
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback, **kw: callback())


def ask(client, city, **extra):
    data = {
        "category": "youth",
        "subject": "A youth council",
        "body": "How do we start a youth council?",
        **extra,
    }
    return client.post(reverse("hubs:city_help_desk", args=[city.code]), data)


@pytest.fixture
def asked(rabat, official_of_rabat, hub_staff_mena):
    return services.ask_help_desk(
        city=rabat,
        actor=official_of_rabat,
        category="youth",
        subject="A youth council",
        body="How do we start a youth council?",
    )


def test_a_request_goes_to_the_hub_serving_the_city_and_its_staff_hear_of_it(
    client_as, rabat, official_of_rabat, hub_staff_mena, hub_staff_other
):
    response = ask(client_as("official_of_rabat"), rabat)
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert help_request.hub.slug == "mena" and help_request.status == S.NEW
    assert help_request.first_response_due > timezone.now() + datetime.timedelta(hours=47)
    assert [m.to for m in mail.outbox] == [[hub_staff_mena.email]]
    assert "A youth council" in mail.outbox[0].subject


def test_a_city_no_hub_serves_asks_the_central_team(client_as, mu_staff):
    city = factories.LocalGovernmentFactory(name="Denver", country="US")
    factories.MembershipFactory(local_government=city)
    official = factories.make_official(city, email="focal.point@denver.example.org")
    client = client_as("anonymous")
    client.force_login(official)
    ask(client, city)
    help_request = HelpRequest.objects.get()
    assert help_request.hub is None
    assert [m.to for m in mail.outbox] == [[mu_staff.email]]


def test_hub_staff_answer_and_the_asker_is_told_in_their_language(
    client_as, asked, official_of_rabat, hub_staff_mena
):
    official_of_rabat.language = "fr"
    official_of_rabat.save(update_fields=["language"])
    mail.outbox.clear()
    client = client_as("hub_staff_mena")
    url = reverse("hubs:staff_help_request", args=[asked.code])
    response = client.post(url, {"action": "reply", "body": "Start with the youth centre."})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == S.ANSWERED and asked.first_response_at is not None
    assert asked.assigned_to == hub_staff_mena
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]
    assert "Service d’assistance" in mail.outbox[0].subject


def test_internal_notes_are_never_shown_to_the_city(client_as, asked, hub_staff_mena):
    note = services.reply_as_staff(
        help_request=asked,
        actor=hub_staff_mena,
        body="The mayor changed last month.",
        internal=True,
        files=[SimpleUploadedFile("note.pdf", factories.PDF_BYTES)],
    )
    city = client_as("official_of_rabat")
    page = city.get(reverse("hubs:help_request", args=[asked.code])).content.decode()
    assert "How do we start a youth council?" in page
    assert "The mayor changed last month." not in page
    attachment = note.attachments.get()
    assert city.get(reverse("hubs:help_attachment", args=[attachment.code])).status_code == 404
    staff = client_as("hub_staff_mena")
    page = staff.get(reverse("hubs:staff_help_request", args=[asked.code])).content.decode()
    assert "The mayor changed last month." in page
    download = staff.get(reverse("hubs:help_attachment", args=[attachment.code]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    asked.refresh_from_db()
    assert asked.first_response_at is None  # a note is not an answer


@pytest.mark.parametrize(
    "persona", ["official_of_other_city", "hub_staff_other", "expert", "anonymous"]
)
def test_nobody_else_sees_the_request(client_as, asked, persona):
    client = client_as(persona)
    for name in ("hubs:help_request", "hubs:staff_help_request"):
        response = client.get(reverse(name, args=[asked.code]))
        assert response.status_code in (302, 404) and asked.subject not in response.content.decode()
    response = client.post(
        reverse("hubs:staff_help_request", args=[asked.code]),
        {"action": "reply", "body": "Hijacked."},
    )
    assert response.status_code in (302, 404)
    assert not HelpMessage.objects.filter(body="Hijacked.").exists()


def test_an_expert_sees_only_the_requests_assigned_to_them(client_as, asked, expert, mu_staff):
    client = client_as("expert")
    url = reverse("hubs:staff_help_request", args=[asked.code])
    assert client.get(url).status_code == 404
    services.assign_help_request(help_request=asked, assignee=expert, actor=mu_staff)
    assert client.get(url).status_code == 200
    page = client.get(reverse("hubs:staff_help_desk")).content.decode()
    assert "A youth council" in page


def test_another_hubs_staff_cannot_be_assigned(client_as, asked, hub_staff_other, mu_staff):
    client = client_as("hub_staff_mena")
    url = reverse("hubs:staff_help_request", args=[asked.code])
    response = client.post(url, {"action": "assign", "assignee": hub_staff_other.pk})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.assigned_to is None and asked.status == S.NEW


def test_an_attachment_of_the_wrong_type_is_refused_and_nothing_saved(
    client_as, rabat, official_of_rabat, hub_staff_mena
):
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    response = ask(client_as("official_of_rabat"), rabat, files=[fake])
    assert response.status_code == 200
    assert "Attach a PDF document or a PNG or JPEG image." in response.content.decode()
    assert not HelpRequest.objects.exists() and not HelpAttachment.objects.exists()
    assert mail.outbox == []


def test_an_attachment_too_large_is_refused(client_as, rabat, official_of_rabat, hub_staff_mena):
    big = SimpleUploadedFile("big.pdf", factories.PDF_BYTES + b"0" * (11 * 1024 * 1024))
    response = ask(client_as("official_of_rabat"), rabat, files=[big])
    assert response.status_code in (200, 413)
    assert not HelpRequest.objects.exists()


def test_the_city_closes_with_a_rating_and_may_reopen(client_as, asked, hub_staff_mena):
    services.reply_as_staff(help_request=asked, actor=hub_staff_mena, body="Here is how.")
    client = client_as("official_of_rabat")
    url = reverse("hubs:help_request", args=[asked.code])
    assert (
        client.post(url, {"action": "close", "rating": "5", "comment": "Very useful."}).status_code
        == 302
    )
    asked.refresh_from_db()
    assert asked.status == S.CLOSED and asked.rating == 5
    assert client.post(url, {"action": "reopen"}).status_code == 302
    asked.refresh_from_db()
    assert asked.status == S.REOPENED


def test_a_rating_outside_one_to_five_is_refused(client_as, asked):
    client = client_as("official_of_rabat")
    url = reverse("hubs:help_request", args=[asked.code])
    response = client.post(url, {"action": "close", "rating": "9"})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.status == S.NEW


def test_handlers_are_reminded_once_before_the_first_response_target(asked, hub_staff_mena):
    mail.outbox.clear()
    remind_help_desk_targets()
    assert mail.outbox == []  # 48 hours ahead: not yet
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=40)):
        remind_help_desk_targets()
        remind_help_desk_targets()
    assert [m.to for m in mail.outbox] == [[hub_staff_mena.email]]
    assert "waiting for its first answer" in mail.outbox[0].subject


def test_a_reminder_links_to_the_request_in_the_handlers_language(asked, hub_staff_mena):
    hub_staff_mena.language = "ar"
    hub_staff_mena.save(update_fields=["language"])
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=40)):
        remind_help_desk_targets()
    with translation.override("ar"):
        link = reverse("hubs:staff_help_request", args=[asked.code])
    assert link.startswith("/ar/")
    assert link in mail.outbox[0].body


def test_an_answered_request_is_not_reminded(asked, hub_staff_mena):
    services.reply_as_staff(help_request=asked, actor=hub_staff_mena, body="Answered.")
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=47)):
        remind_help_desk_targets()
    assert mail.outbox == []


def test_the_work_queue_shows_requests_waiting_for_a_first_answer(client_as, asked):
    page = client_as("hub_staff_mena").get(reverse("workqueue:queue")).content.decode()
    assert "A youth council" in page
    page = client_as("hub_staff_other").get(reverse("workqueue:queue")).content.decode()
    assert "A youth council" not in page


def test_the_staff_list_takes_the_same_queries_for_many_requests(
    client_as, asked, rabat, official_of_rabat, django_assert_max_num_queries
):
    client = client_as("hub_staff_mena")
    client.get(reverse("hubs:staff_help_desk"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("hubs:staff_help_desk"))
    for n in range(15):
        services.ask_help_desk(
            city=rabat, actor=official_of_rabat, category="other", subject=f"Q{n}", body="?"
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("hubs:staff_help_desk")).content.decode()
    assert "Q14" in page


def test_the_dashboard_leads_officials_and_staff_to_the_help_desk(client_as, asked):
    page = client_as("official_of_rabat").get(reverse("web:dashboard")).content.decode()
    assert reverse("hubs:city_help_desk", args=[asked.local_government.code]) in page
    page = client_as("hub_staff_mena").get(reverse("web:dashboard")).content.decode()
    assert "1 request waits for a first answer" in page
    assert reverse("hubs:needs_map") in page and reverse("hubs:hub_report") in page


def test_the_erasure_of_an_asker_empties_their_messages_and_keeps_the_answers(
    client_as, asked, official_of_rabat, hub_staff_mena
):
    from hubs.privacy import HubsData
    from scn_portal.privacy.registry import Subject

    services.reply_as_staff(help_request=asked, actor=hub_staff_mena, body="Here is how.")
    part = HubsData()
    subject = Subject(record=official_of_rabat.person, user=official_of_rabat)
    exported = part.export(subject)["user_account"]
    assert exported["help_desk_requests"][0]["subject"] == "A youth council"
    assert exported["help_desk_messages"][0]["message"] == "How do we start a youth council?"
    part.erase(subject, None)
    thread = list(asked.messages.order_by("pk").values_list("body", "author"))
    assert thread == [("", None), ("Here is how.", hub_staff_mena.pk)]
