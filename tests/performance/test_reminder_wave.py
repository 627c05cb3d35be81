"""A wave of reminders (every member asked to recommit at once) is sent in batches over
one SMTP connection each, continues in a fresh task when one task's time is up, and never
sends an email twice."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scn_portal.reminders import registry, services
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reminders.tasks import send_reminders
from tests import factories

pytestmark = pytest.mark.django_db

RULE = "accounts.unverified_email"


class CountingBackend(EmailBackend):
    """The test outbox, counting the connections opened to the relay."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True


@pytest.fixture
def relay(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    monkeypatch.setattr(CountingBackend, "opened", 0)
    monkeypatch.setattr(services, "BATCH_SIZE", 10)
    return CountingBackend


def unverified(count: int) -> None:
    joined = timezone.now() - datetime.timedelta(days=5)
    for n in range(count):
        user = factories.UserFactory(verified=False, email=f"person{n:03d}@example.org")
        user.date_joined = joined
        user.save(update_fields=["date_joined"])


def test_a_wave_is_sent_over_one_connection_per_batch(relay):
    unverified(30)
    counts = services.send_due_reminders(rule=registry.get(RULE))
    assert counts == {"sent": 30, "failed": 0, "skipped": 0}
    assert len(mail.outbox) == 30
    assert relay.opened == 3


def test_a_second_run_skips_what_was_sent_with_one_query_per_batch(relay):
    unverified(30)
    rule = registry.get(RULE)
    services.send_due_reminders(rule=rule)
    with CaptureQueriesContext(connection) as queries:
        again = services.send_due_reminders(rule=rule)
    assert again == {"sent": 0, "failed": 0, "skipped": 30}
    assert len(mail.outbox) == 30
    # Reading who is due, and one check per batch of 10 (never one per email).
    assert len(queries) <= 6


def test_a_task_out_of_time_hands_the_rest_to_a_fresh_task(relay, monkeypatch):
    unverified(25)
    monkeypatch.setattr(services, "TIME_BUDGET_SECONDS", 0)
    calls = []
    real = services.send_due_reminders_in_batches

    def one_batch_per_task(*, rule, time_budget=0):
        result = real(rule=rule, time_budget=time_budget)
        calls.append(result)
        return result

    monkeypatch.setattr(
        "scn_portal.reminders.tasks.send_due_reminders_in_batches", one_batch_per_task
    )
    send_reminders(rule=RULE)  # Celery runs the follow-up tasks at once in the tests

    assert [counts["sent"] for counts, _finished in calls][:3] == [10, 10, 5]
    assert len(mail.outbox) == 25
    assert ReminderDelivery.objects.filter(status="sent").count() == 25
    assert sorted(m.to[0] for m in mail.outbox) == sorted(set(m.to[0] for m in mail.outbox))


def test_a_batch_marks_its_sent_emails_in_one_write(relay):
    unverified(30)
    with CaptureQueriesContext(connection) as queries:
        services.send_due_reminders(rule=registry.get(RULE))
    marks = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "reminders_reminderdelivery"')
    ]
    assert len(marks) == 3  # one per batch of 10, never one per email
    sent = ReminderDelivery.objects.filter(rule=RULE)
    assert sent.count() == 30
    assert not sent.exclude(status="sent").exists()
    assert not sent.filter(sent_at__isnull=True).exists()


class RelayFailingOnTheFourth(EmailBackend):
    """A relay that takes three messages, then refuses the rest of the connection."""

    def open(self):
        self.taken = 0
        return True

    def send_messages(self, messages):
        self.taken += 1
        if self.taken > 3:
            raise ConnectionResetError("relay went away")
        return super().send_messages(messages)


def test_a_relay_lost_in_the_middle_of_a_batch_keeps_what_was_sent_and_what_failed(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RelayFailingOnTheFourth"
    unverified(5)
    counts, _finished = services.send_due_reminders_in_batches(
        rule=registry.get(RULE), time_budget=None
    )
    assert counts == {"sent": 3, "failed": 2, "skipped": 0}
    deliveries = ReminderDelivery.objects.filter(rule=RULE)
    assert sorted(deliveries.values_list("status", flat=True)) == ["failed"] * 2 + ["sent"] * 3
    assert len(mail.outbox) == 3
    delivered = {m.to[0] for m in mail.outbox}
    assert set(deliveries.filter(status="sent").values_list("email", flat=True)) == delivered
    assert not deliveries.filter(status="sent", sent_at__isnull=True).exists()
