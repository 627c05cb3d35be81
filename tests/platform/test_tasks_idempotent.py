"""Every Celery task run twice has the effect of running it once.

A task runs again when it is retried, or when its message is redelivered after a worker
died (``acks_late``). Each task must then send no second email and write no second row.
The table ``IDEMPOTENCY_TESTS`` names the test for each task; a task missing from it
fails ``test_every_task_has_an_idempotency_test``, so a new task cannot slip through.

The file also checks each task's retries and time limits, and that tasks queued by a
change of state are sent only once that change is committed.
"""

import datetime
import re
import smtplib
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import InterfaceError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, Membership, TerritoryMatch
from members.services import applications, invitations, locations, people, screening
from members.tasks import (
    notify_membership_decision,
    rescreen_disputed_territories,
    send_invitation,
)
from scn_portal.celery import app as celery_app
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reminders.tasks import send_reminders
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.services import request_report
from scn_portal.reports.tasks import render_report, sweep_reports
from tests import factories

pytestmark = pytest.mark.django_db

# Task name -> the test below proving that running it twice equals running it once.
IDEMPOTENCY_TESTS = {
    "reminders.send_due_reminders": "test_sending_reminders_twice_sends_each_once",
    "reports.render_report": "test_rendering_a_report_twice_renders_it_once",
    "reports.sweep_stale_reports": "test_sweeping_twice_redoes_each_report_once",
    "members.rescreen_disputed_territories": (
        "test_rescreening_twice_finds_the_same_matches_and_emails_once"
    ),
    "members.notify_membership_decision": (
        "test_notifying_a_decision_twice_emails_each_official_once"
    ),
    "members.send_invitation": "test_sending_an_invitation_twice_emails_it_once",
    "members.notify_location_change": "test_telling_staff_of_a_new_location_twice_emails_once",
    "members.notify_location_decision": (
        "test_telling_the_proposer_of_a_decision_twice_emails_once"
    ),
    "members.notify_account_link": "test_telling_a_person_of_a_new_account_twice_emails_once",
    "accounts.send_prepared_email": "test_sending_an_account_email_twice_sends_it_once",
    "members.erase_stale_applicants": "test_erasing_stale_applicants_twice_erases_each_once",
    "members.delete_expired_invitations": (
        "test_deleting_expired_invitations_twice_deletes_each_once"
    ),
    "hubs.notify_help_desk": "test_telling_a_hub_of_a_help_desk_request_twice_emails_once",
    "hubs.remind_help_desk_targets": "test_reminding_a_help_desk_target_twice_emails_once",
    "mel.take_period_snapshots": "test_taking_the_periods_figures_twice_takes_each_once",
    "resources.notify_submitter": "test_telling_a_submitter_of_a_decision_twice_emails_once",
    "hubs.send_registration_email": "test_confirming_a_registration_twice_emails_once",
    "hubs.send_offer_email": "test_offering_a_seat_twice_emails_once",
    "hubs.expire_activity_offers": "test_expiring_offers_twice_moves_the_wait_list_once",
    "hubs.send_activity_invitations": "test_sending_activity_invitations_twice_emails_once",
    "funding.notify_fund_decision": (
        "test_notifying_a_fund_decision_twice_emails_each_official_once"
    ),
    "members.build_directory_feed": "test_building_the_directory_feed_twice_keeps_one_feed",
}
# Tasks that send email, and so must also retry when the mail relay is unreachable.
SENDS_EMAIL = {
    "reminders.send_due_reminders",
    "members.notify_membership_decision",
    "members.send_invitation",
    "members.notify_location_change",
    "members.notify_location_decision",
    "members.notify_account_link",
    "accounts.send_prepared_email",
    "hubs.notify_help_desk",
    "hubs.remind_help_desk_targets",
    "resources.notify_submitter",
    "hubs.send_registration_email",
    "hubs.send_offer_email",
    "hubs.send_activity_invitations",
    "funding.notify_fund_decision",
}

REPO_ROOT = Path(__file__).resolve().parents[2]


def project_tasks() -> dict:
    # What a worker does at start-up: import every app's tasks module.
    celery_app.loader.import_default_modules()
    return {name: t for name, t in celery_app.tasks.items() if not name.startswith("celery.")}


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def media_files() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_every_task_has_an_idempotency_test():
    registered = set(project_tasks())
    missing = registered - set(IDEMPOTENCY_TESTS)
    assert not missing, f"add an idempotency test to IDEMPOTENCY_TESTS for: {sorted(missing)}"
    assert set(IDEMPOTENCY_TESTS) <= registered, "a task in the table is no longer registered"
    for test_name in IDEMPOTENCY_TESTS.values():
        assert callable(globals().get(test_name)), f"{test_name} is not defined in this file"


# --- Each task, run twice -----------------------------------------------------------------


def test_sending_reminders_twice_sends_each_once(mu_staff, isc_member, oslo):
    late = factories.UserFactory(email="late@example.org", verified=False)
    late.date_joined = ago(days=4)
    late.save(update_fields=["date_joined"])
    factories.make_application(oslo, status="under_review", submitted_at=ago(days=20))
    tangier = factories.LocalGovernmentFactory(name="Tangier", country="MA")
    drafter = factories.make_official(tangier, email="focal.point@tangier.example.org")
    factories.make_application(
        tangier,
        status="applicant",
        submitted_at=None,
        application_started_at=ago(days=10),
        applied_by=drafter,
    )
    factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10))

    send_reminders.apply().get()
    first_outbox = sent_to()
    first_rows = set(ReminderDelivery.objects.values_list("rule", "occasion", "email", "status"))
    second = send_reminders.apply().get()

    assert {
        ("accounts.unverified_email", "late@example.org"),
        ("members.application_waiting_for_staff", mu_staff.email),
        ("members.incomplete_application", drafter.email),
        ("governance.isc_meeting_soon", isc_member.email),
    } <= {(rule, email) for rule, _occasion, email, _status in first_rows}
    assert sent_to() == first_outbox
    assert len(first_outbox) == len(first_rows)
    assert ReminderDelivery.objects.count() == len(first_rows)
    assert set(ReminderDelivery.objects.values_list("rule", "occasion", "email", "status")) == (
        first_rows
    )
    assert sum(counts["sent"] for counts in second.values()) == 0


def test_rendering_a_report_twice_renders_it_once(mu_staff, rabat):
    report = ReportRequest.objects.create(
        kind="network_at_a_glance", language="en", requested_by=mu_staff
    )

    render_report.apply(kwargs={"report_id": report.pk}).get()
    report.refresh_from_db()
    first = (report.status, report.file.name, report.finished_at, report.attempts)
    with report.file.open("rb") as f:
        first_pdf = f.read()
    render_report.apply(kwargs={"report_id": report.pk}).get()

    report.refresh_from_db()
    assert first[0] == ReportRequest.Status.DONE
    assert (report.status, report.file.name, report.finished_at, report.attempts) == first
    with report.file.open("rb") as f:
        assert f.read() == first_pdf
    assert len(media_files()) == 1


def test_sweeping_twice_redoes_each_report_once(mu_staff, django_capture_on_commit_callbacks):
    def stuck(attempts: int) -> ReportRequest:
        return ReportRequest.objects.create(
            kind="network_at_a_glance",
            language="en",
            requested_by=mu_staff,
            status=ReportRequest.Status.RUNNING,
            attempts=attempts,
            started_at=ago(hours=1),
        )

    lost_once, lost_twice = stuck(attempts=1), stuck(attempts=2)

    def state():
        return list(
            ReportRequest.objects.order_by("pk").values_list(
                "pk", "status", "attempts", "file", "error", "finished_at"
            )
        )

    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_reports.apply().get()
    after_first, files = state(), media_files()
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep_reports.apply().get()

    assert first == {"requeued": 1, "failed": 1}
    assert second == {"requeued": 0, "failed": 0}
    assert state() == after_first
    assert media_files() == files and len(files) == 1
    lost_once.refresh_from_db()
    lost_twice.refresh_from_db()
    assert (lost_once.status, lost_once.attempts) == (ReportRequest.Status.DONE, 2)
    assert lost_twice.status == ReportRequest.Status.FAILED


def test_rescreening_twice_finds_the_same_matches_and_emails_once(
    rabat, official_of_rabat, django_capture_on_commit_callbacks
):
    territory = factories.DisputedTerritoryFactory(
        name="Example territory",
        subdivision_codes=["MA-04"],
        boundary=factories.square(10, 20, 11, 21),
    )
    rabat.subdivision = "MA-04"  # a member, inside by its subdivision code
    rabat.save()
    town = factories.LocalGovernmentFactory(
        name="Application town", country="MA", latitude=Decimal("20.5"), longitude=Decimal("10.5")
    )
    application = factories.make_application(town, status="under_review")
    town_official = factories.make_official(town, email="focal.point@town.example.org")

    def matches():
        return sorted(
            TerritoryMatch.objects.values_list("local_government_id", "territory_id", "rule")
        )

    with django_capture_on_commit_callbacks(execute=True):
        first = rescreen_disputed_territories.apply().get()
    first_matches = matches()
    with django_capture_on_commit_callbacks(execute=True):
        second = rescreen_disputed_territories.apply().get()

    assert first == second == 2
    assert first_matches == [
        (rabat.pk, territory.pk, TerritoryMatch.Rule.SUBDIVISION),
        (town.pk, territory.pk, TerritoryMatch.Rule.BOUNDARY),
    ]
    assert matches() == first_matches
    application.refresh_from_db()
    assert application.status == Membership.Status.INELIGIBLE
    assert application.transitions.count() == 1
    assert sent_to() == [town_official.email]


def test_notifying_a_decision_twice_emails_each_official_once(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    application = factories.make_application(rabat)
    mayor = factories.make_official(rabat, email="maire@rabat.example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=False):
        record = applications.reject_membership(
            membership=application, actor=mu_staff, reason="The letter is not signed."
        )

    notify_membership_decision.apply(kwargs={"transition_id": record.pk}).get()
    notify_membership_decision.apply(kwargs={"transition_id": record.pk}).get()

    assert sent_to() == sorted([official_of_rabat.email, mayor.email])
    deliveries = ReminderDelivery.objects.filter(occasion=f"transition:{record.pk}")
    assert sorted(deliveries.values_list("email", "status")) == sorted(
        [(official_of_rabat.email, "sent"), (mayor.email, "sent")]
    )


def test_sending_an_invitation_twice_emails_it_once(
    rabat, official_of_rabat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invitations.invite_colleague(
            local_government=rabat,
            email="colleague@rabat.example.org",
            language="fr",
            actor=official_of_rabat,
        )

    first = send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get()
    invitation.refresh_from_db()
    sent_at = invitation.sent_at
    second = send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get()

    assert (first, second) == (True, False)
    assert sent_to() == ["colleague@rabat.example.org"]
    invitation.refresh_from_db()
    assert sent_at is not None and invitation.sent_at == sent_at
    assert Invitation.objects.count() == 1


def _proposed_location(rabat, official):
    return locations.propose_location_change(
        local_government=rabat,
        values={"country": "MA", "subdivision": "MA-04", "latitude": None, "longitude": None},
        actor=official,
    )


def test_telling_staff_of_a_new_location_twice_emails_once(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    from members.tasks import notify_location_change

    with django_capture_on_commit_callbacks(execute=False):
        change = _proposed_location(rabat, official_of_rabat)

    first = notify_location_change.apply(kwargs={"change_id": change.pk}).get()
    second = notify_location_change.apply(kwargs={"change_id": change.pk}).get()

    assert (first, second) == (1, 0)
    assert sent_to() == [mu_staff.email]


def test_telling_the_proposer_of_a_decision_twice_emails_once(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    from members.tasks import notify_location_decision

    with django_capture_on_commit_callbacks(execute=False):
        change = _proposed_location(rabat, official_of_rabat)
        locations.refuse_location_change(change=change, actor=mu_staff, reason="No.")

    first = notify_location_decision.apply(kwargs={"change_id": change.pk}).get()
    second = notify_location_decision.apply(kwargs={"change_id": change.pk}).get()

    assert (first, second) == (1, 0)
    assert sent_to() == [official_of_rabat.email]


def test_telling_a_person_of_a_new_account_twice_emails_once(
    official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    from members.tasks import notify_account_link

    person = official_of_rabat.person
    new_account = factories.UserFactory(email="new@rabat.example.org")
    with django_capture_on_commit_callbacks(execute=False):
        people.link_person_to_account(person=person, user=new_account, actor=mu_staff)
    kwargs = {"person_id": person.pk, "previous_user_id": official_of_rabat.pk}

    first = notify_account_link.apply(kwargs=kwargs).get()
    second = notify_account_link.apply(kwargs=kwargs).get()

    assert (first, second) == (2, 0)
    assert sent_to() == sorted([official_of_rabat.email, new_account.email])


def test_sending_an_account_email_twice_sends_it_once(db):
    from scn_portal.accounts.tasks import send_prepared_email

    kwargs = {
        "key": "one-email",
        "subject": "Confirm your address",
        "body": "Follow the link.",
        "html": "<p>Follow the link.</p>",
        "to": ["new@example.org"],
        "from_email": "no-reply@example.org",
    }
    first = send_prepared_email.apply(kwargs=kwargs).get()
    second = send_prepared_email.apply(kwargs=kwargs).get()

    assert (first, second) == (True, False)
    assert sent_to() == ["new@example.org"]


def test_erasing_stale_applicants_twice_erases_each_once(settings):
    from members.tasks import erase_stale_applicants
    from scn_portal.audit.models import AuditEntry

    settings.APPLICANT_RETENTION_DAYS = 730
    city = factories.LocalGovernmentFactory()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Membership.objects.create(local_government=city, status="rejected", status_changed_at=long_ago)
    person = factories.make_official(city).person

    first = erase_stale_applicants.apply().get()
    second = erase_stale_applicants.apply().get()

    person.refresh_from_db()
    assert (first, second) == (1, 0)
    assert person.erased_at is not None
    assert AuditEntry.objects.filter(action="erased", object_id=str(person.pk)).count() == 1


def test_deleting_expired_invitations_twice_deletes_each_once(rabat, official_of_rabat):
    from members.tasks import delete_expired_invitations

    with time_machine.travel(timezone.now() - datetime.timedelta(days=120)):
        invitations.invite_colleague(
            local_government=rabat,
            email="old@rabat.example.org",
            language="fr",
            actor=official_of_rabat,
        )
    invitations.invite_colleague(
        local_government=rabat,
        email="new@rabat.example.org",
        language="fr",
        actor=official_of_rabat,
    )

    first = delete_expired_invitations.apply().get()
    second = delete_expired_invitations.apply().get()

    assert (first, second) == (1, 0)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@rabat.example.org"]


class RelayRefusingOnce(EmailBackend):
    """A mail relay that drops the connection once for each address in ``refuse``."""

    refuse: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refuse:
                type(self).refuse -= set(message.to)
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_relay_hiccup_is_retried_without_emailing_anyone_twice(
    rabat,
    official_of_rabat,
    mu_staff,
    settings,
    monkeypatch,
    retries_run_in_place,
    django_capture_on_commit_callbacks,
):
    application = factories.make_application(rabat)
    mayor = factories.make_official(rabat, email="maire@rabat.example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=False):
        record = applications.reject_membership(
            membership=application, actor=mu_staff, reason="The letter is not signed."
        )
    settings.EMAIL_BACKEND = f"{__name__}.RelayRefusingOnce"
    monkeypatch.setattr(RelayRefusingOnce, "refuse", {mayor.email})

    notify_membership_decision.apply(kwargs={"transition_id": record.pk}).get()

    assert sent_to() == sorted([official_of_rabat.email, mayor.email])
    retried = ReminderDelivery.objects.get(email=mayor.email)
    assert (retried.status, retried.attempts) == ("sent", 2)


def test_a_relay_down_for_good_is_tried_a_bounded_number_of_times_and_shown_failed(
    rabat,
    official_of_rabat,
    mu_staff,
    settings,
    retries_run_in_place,
    django_capture_on_commit_callbacks,
):
    application = factories.make_application(rabat)
    with django_capture_on_commit_callbacks(execute=False):
        record = applications.reject_membership(
            membership=application, actor=mu_staff, reason="The letter is not signed."
        )
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"

    result = notify_membership_decision.apply(kwargs={"transition_id": record.pk})

    assert result.failed()
    delivery = ReminderDelivery.objects.get(email=official_of_rabat.email)
    assert delivery.status == "failed" and "relay refused" in delivery.error
    assert delivery.attempts == notify_membership_decision.max_retries + 1


def test_without_a_broker_a_relay_outage_does_not_break_the_decision(
    rabat, official_of_rabat, mu_staff, settings, django_capture_on_commit_callbacks
):
    """Eager mode has no worker to retry: the failure is recorded for staff, not raised."""
    application = factories.make_application(rabat)
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        applications.reject_membership(
            membership=application, actor=mu_staff, reason="The letter is not signed."
        )

    application.refresh_from_db()
    assert application.status == Membership.Status.REJECTED
    delivery = ReminderDelivery.objects.get(email=official_of_rabat.email)
    assert delivery.status == "failed" and "relay refused" in delivery.error


def test_taking_the_periods_figures_twice_takes_each_once(rabat):
    from scn_portal.mel.models import Snapshot
    from scn_portal.mel.tasks import take_period_snapshots

    with time_machine.travel(datetime.datetime(2025, 4, 2, 3, tzinfo=datetime.UTC)):
        first = take_period_snapshots.delay().get()
        rows = Snapshot.objects.count()
        assert take_period_snapshots.delay().get() == 0

    assert first == rows > 0
    assert Snapshot.objects.count() == rows


def test_building_the_directory_feed_twice_keeps_one_feed(rabat, oslo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members import feed
    from members.tasks import build_directory_feed

    with CaptureQueriesContext(connection) as queries:
        first = build_directory_feed.delay(language="en").get()
        second = build_directory_feed.delay(language="en").get()

    assert first == second > 0
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert mail.outbox == []
    served = client.get(reverse("members:directory_feed"))
    assert served.status_code == 200
    cities = [c["name"]["en"] for c in served.json()["cities"]]
    assert sorted(cities) == ["Oslo", "Rabat"]
    assert served["ETag"] == feed.current("en")["etag"]


def test_notifying_a_fund_decision_twice_emails_each_official_once(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    from funding.services import fund
    from funding.tasks import notify_fund_decision

    application = factories.make_fund_application(rabat, status="submitted")
    mayor = factories.make_official(rabat, email="maire@rabat.example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=False):
        record = fund.screen_application(
            application=application, passed=False, note="Not aligned.", actor=mu_staff
        )

    notify_fund_decision.apply(kwargs={"transition_id": record.pk}).get()
    notify_fund_decision.apply(kwargs={"transition_id": record.pk}).get()

    assert sent_to() == sorted([official_of_rabat.email, mayor.email])


# --- Retries, time limits, and the broker's redelivery -------------------------------------


@pytest.mark.parametrize("name", sorted(IDEMPOTENCY_TESTS))
def test_each_task_retries_transient_errors_with_capped_backoff_within_a_time_limit(name):
    task = project_tasks()[name]
    conf = celery_app.conf
    retried_for = tuple(getattr(task, "autoretry_for", ()))

    assert task.acks_late
    hard = task.time_limit or conf.task_time_limit
    soft = task.soft_time_limit or conf.task_soft_time_limit
    assert hard and soft and soft < hard
    transient = [OperationalError, InterfaceError]
    if name in SENDS_EMAIL:
        transient += [smtplib.SMTPServerDisconnected, ConnectionRefusedError, TimeoutError]
    for error in transient:
        assert issubclass(error, retried_for), f"{name} does not retry {error.__name__}"
    assert task.retry_backoff
    assert 0 < task.retry_backoff_max <= 600
    assert task.max_retries is not None and 0 < task.max_retries <= 10


COUNTDOWN = re.compile(r"\b(countdown|eta)\s*=\s*([^,)\s]+)")


def test_the_broker_waits_longer_than_any_retry_and_run_before_redelivering():
    """Redis redelivers a message not acknowledged within visibility_timeout: a retry's
    countdown plus the run itself must fit in it, or the task runs twice at once."""
    delays = []
    for task in project_tasks().values():
        delays.append(task.retry_backoff_max if task.retry_backoff else task.default_retry_delay)
    for path in REPO_ROOT.rglob("*.py"):
        relative = path.relative_to(REPO_ROOT).parts
        if relative[0] in {".venv", "tests"} or "migrations" in relative:
            continue
        for keyword, value in COUNTDOWN.findall(path.read_text()):
            assert value.isdigit(), (
                f"{path}: {keyword}={value}: give it as seconds here, or check it against "
                "CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] and extend this test"
            )
            delays.append(int(value))

    longest_run = celery_app.conf.task_time_limit
    assert longest_run
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > (
        max(delays) + longest_run
    )


# --- Queued only once the change is committed ------------------------------------------


def test_a_report_is_rendered_only_once_its_request_is_committed(
    mu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request_report(kind="network_at_a_glance", language="en", actor=mu_staff)

    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED and not report.file
    assert len(callbacks) == 1
    callbacks[0]()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE


def test_a_report_redone_by_the_sweep_is_queued_only_once_the_sweep_is_committed(
    mu_staff, django_capture_on_commit_callbacks
):
    report = ReportRequest.objects.create(
        kind="network_at_a_glance",
        language="en",
        requested_by=mu_staff,
        status=ReportRequest.Status.RUNNING,
        attempts=1,
        started_at=ago(hours=1),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sweep_reports()

    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED and not report.file
    assert len(callbacks) == 1
    callbacks[0]()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE


def test_a_decision_is_announced_only_once_it_is_committed(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    application = factories.make_application(rabat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        applications.reject_membership(
            membership=application, actor=mu_staff, reason="The letter is not signed."
        )

    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent_to() == [official_of_rabat.email]


def test_a_decision_rolled_back_is_never_announced(
    rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    application = factories.make_application(rabat)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            applications.reject_membership(
                membership=application, actor=mu_staff, reason="The letter is not signed."
            )
            raise RuntimeError("a later step of the same request failed")

    assert callbacks == []
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == Membership.Status.UNDER_REVIEW


def test_rescreening_is_queued_only_once_the_change_of_the_list_is_committed(
    rabat, django_capture_on_commit_callbacks
):
    rabat.subdivision = "MA-04"
    rabat.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():  # as the admin saves a territory
            factories.DisputedTerritoryFactory(subdivision_codes=["MA-04"])
            screening.disputed_territories_changed()

    assert not TerritoryMatch.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert TerritoryMatch.objects.filter(local_government=rabat).exists()


def _help_request(rabat, official_of_rabat):
    from hubs.services.helpdesk import ask_help_desk

    with transaction.atomic():
        return ask_help_desk(
            city=rabat, actor=official_of_rabat, category="other", subject="Q", body="?"
        )


def test_telling_a_hub_of_a_help_desk_request_twice_emails_once(
    rabat, official_of_rabat, hub_staff_mena
):
    from hubs.tasks import notify_help_desk

    help_request = _help_request(rabat, official_of_rabat)
    mail.outbox.clear()
    notify_help_desk(event="asked", request_id=help_request.pk, message_id=None)
    notify_help_desk(event="asked", request_id=help_request.pk, message_id=None)
    assert sent_to() == [hub_staff_mena.email]


def test_reminding_a_help_desk_target_twice_emails_once(rabat, official_of_rabat, hub_staff_mena):
    from hubs.tasks import remind_help_desk_targets

    help_request = _help_request(rabat, official_of_rabat)
    mail.outbox.clear()
    with time_machine.travel(help_request.first_response_due - datetime.timedelta(hours=1)):
        remind_help_desk_targets()
        remind_help_desk_targets()
    assert sent_to() == [hub_staff_mena.email]


def test_telling_a_submitter_of_a_decision_twice_emails_once(official_of_rabat):
    from resources.tasks import notify_submitter

    resource = factories.make_resource(submitted_by=official_of_rabat)
    for _ in range(2):
        notify_submitter.delay(
            resource_id=resource.pk, outcome="published", occasion=f"published:{resource.pk}:1"
        )


# --- Activities (hubs) --------------------------------------------------------------------


def test_confirming_a_registration_twice_emails_once(
    official_of_rabat, django_capture_on_commit_callbacks
):
    from hubs.tasks import send_registration_email

    with django_capture_on_commit_callbacks(execute=True):
        registration = factories.make_registration(factories.ActivityFactory(), official_of_rabat)
    assert sent_to() == [official_of_rabat.email]
    send_registration_email.apply(
        kwargs={"registration_id": registration.pk, "status": registration.status}
    )
    assert sent_to() == [official_of_rabat.email]


def test_offering_a_seat_twice_emails_once(
    official_of_rabat, official_of_other_city, django_capture_on_commit_callbacks
):
    from hubs.services.activities import cancel_registration
    from hubs.tasks import send_offer_email

    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    waiting = factories.make_registration(activity, official_of_other_city)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=seated, actor=official_of_rabat)
    assert sent_to() == [official_of_other_city.email]
    mail.outbox.clear()
    waiting.refresh_from_db()
    send_offer_email.apply(kwargs={"registration_id": waiting.pk, "offer": waiting.offers_made})
    send_offer_email.apply(kwargs={"registration_id": waiting.pk, "offer": waiting.offers_made})
    assert sent_to() == []  # the offer was emailed once already, when it was made
    assert waiting.status == "offered"


def test_expiring_offers_twice_moves_the_wait_list_once(
    official_of_rabat, official_of_other_city, isc_member, django_capture_on_commit_callbacks
):
    from hubs.models import Registration
    from hubs.services.activities import cancel_registration
    from hubs.tasks import expire_activity_offers

    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    first = factories.make_registration(activity, official_of_other_city)
    second = factories.make_registration(activity, isc_member)
    cancel_registration(registration=seated, actor=official_of_rabat)
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(hours=49)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert expire_activity_offers.apply().get() == 1
        assert expire_activity_offers.apply().get() == 0
    assert Registration.objects.get(pk=first.pk).status == "cancelled"
    assert Registration.objects.get(pk=second.pk).status == "offered"
    assert sent_to() == [isc_member.email]


def test_sending_activity_invitations_twice_emails_once(rabat, official_of_rabat, mu_staff):
    from hubs.models import ActivityInvitation
    from hubs.tasks import send_activity_invitations

    activity = factories.ActivityFactory()
    invitation = ActivityInvitation.objects.create(activity=activity, local_government=rabat)
    send_activity_invitations.apply(kwargs={"activity_id": activity.pk})
    ActivityInvitation.objects.filter(pk=invitation.pk).update(sent_at=None)  # as if it died
    send_activity_invitations.apply(kwargs={"activity_id": activity.pk})
    assert sent_to() == [official_of_rabat.email]
