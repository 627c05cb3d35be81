"""The reminder framework, proven with "email not verified after 3 days"."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from scn_portal.reminders import registry
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reminders.services import send_due_reminders
from scn_portal.reminders.tasks import send_reminders
from tests import factories
from tests.conftest import wait_for

RULE = "accounts.unverified_email"


def signed_up(days_ago: float, *, verified: bool = False, language: str = "en", **kwargs):
    user = factories.UserFactory(verified=verified, language=language, **kwargs)
    user.date_joined = timezone.now() - datetime.timedelta(days=days_ago)
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def rule():
    return registry.get(RULE)


@pytest.mark.django_db
def test_only_people_unverified_for_three_days_are_reminded(rule):
    due = signed_up(3.5, email="late@example.org")
    signed_up(1, email="recent@example.org")
    signed_up(10, verified=True, email="verified@example.org")
    signed_up(10, email="gone@example.org", is_active=False)

    send_reminders(rule=RULE)

    assert [m.to for m in mail.outbox] == [[due.email]]
    delivery = ReminderDelivery.objects.get()
    assert (delivery.rule, delivery.email, delivery.status) == (RULE, due.email, "sent")
    assert delivery.recipient == due and delivery.sent_at is not None
    assert reverse("account_login") in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_the_reminder_is_sent_once_and_only_once_when_run_twice(rule):
    signed_up(4, email="late@example.org")
    first = send_due_reminders(rule=rule)
    second = send_due_reminders(rule=rule)
    assert first == {"sent": 1, "failed": 0, "skipped": 0}
    assert second == {"sent": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.count() == 1


@pytest.mark.django_db
def test_the_reminder_goes_in_the_recipients_language(rule):
    signed_up(4, email="maire@example.org", language="fr")
    signed_up(4, email="unknown-language@example.org", language="xx")
    send_due_reminders(rule=rule)
    by_address = {m.to[0]: m for m in mail.outbox}
    with translation.override("fr"):
        subject_fr = translation.gettext("Please verify your email address for the SCN Portal")
    assert subject_fr != "Please verify your email address for the SCN Portal"
    assert by_address["maire@example.org"].subject == subject_fr
    assert "/fr/" in by_address["maire@example.org"].body
    # A language the portal does not speak falls back to English.
    fallback = by_address["unknown-language@example.org"]
    assert fallback.subject == "Please verify your email address for the SCN Portal"
    assert ReminderDelivery.objects.get(email="unknown-language@example.org").language == "en"


@pytest.mark.django_db
def test_a_failed_send_is_recorded_with_its_reason_and_retried_later(rule, settings):
    signed_up(4, email="late@example.org")
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"
    assert send_due_reminders(rule=rule)["failed"] == 1
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == ReminderDelivery.Status.FAILED
    assert "relay refused" in delivery.error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders(rule=rule)["sent"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_failed_sends_stop_after_the_maximum_attempts(rule, settings):
    signed_up(4, email="late@example.org")
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"
    for _ in range(rule.max_attempts + 2):
        send_due_reminders(rule=rule)
    assert ReminderDelivery.objects.get().attempts == rule.max_attempts


def test_staff_see_what_was_sent_but_nobody_edits_it(client_as, rule):
    signed_up(4, email="late@example.org")
    send_due_reminders(rule=rule)
    delivery = ReminderDelivery.objects.get()
    staff = client_as("mu_staff")
    listing = staff.get(reverse("admin:reminders_reminderdelivery_changelist"))
    assert listing.status_code == 200
    assert "late@example.org" in listing.content.decode()
    change_url = reverse("admin:reminders_reminderdelivery_change", args=[delivery.pk])
    staff.post(change_url, {"status": "failed", "email": "other@example.org"})
    delivery.refresh_from_db()
    assert (delivery.status, delivery.email) == ("sent", "late@example.org")
    delete_url = reverse("admin:reminders_reminderdelivery_delete", args=[delivery.pk])
    assert staff.post(delete_url, {"post": "yes"}).status_code == 403
    assert ReminderDelivery.objects.filter(pk=delivery.pk).exists()
    official = client_as("official_of_rabat")
    assert official.get(reverse("admin:reminders_reminderdelivery_changelist")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_reminder(rule):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole file)")
    for n in range(20):
        signed_up(4, email=f"late{n}@example.org")
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(send_due_reminders(rule=rule))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["sent"] for r in results) == 20
    assert sum(r["skipped"] for r in results) == 20
    assert len(mail.outbox) == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"late{n}@example.org" for n in range(20))


@pytest.mark.integration
def test_the_beat_task_on_a_real_worker_sends_once_even_when_queued_twice(celery_worker):
    user = signed_up(4, email="late@example.org")
    send_reminders.delay()
    send_reminders.delay()
    wait_for(lambda: ReminderDelivery.objects.filter(email=user.email, status="sent").exists())
    # Give the second run time to finish, then count what was really sent.
    mail_dir = celery_worker["dirs"] / "mail"
    wait_for(
        lambda: (
            "send_due_reminders" in celery_worker["log"].read_text()
            and celery_worker["log"].read_text().count("succeeded") >= 2
        )
    )
    messages = [p.read_text() for p in mail_dir.iterdir()]
    assert sum("late@example.org" in m for m in messages) == 1
    assert ReminderDelivery.objects.filter(email=user.email).count() == 1
