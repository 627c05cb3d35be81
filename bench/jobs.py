"""Background work timed by ``bench/run.py``, one job per process (``python -m bench.jobs
NAME``), so its peak memory is its own. Prints one JSON line: seconds, peak RSS, rows."""

import json
import resource
import sys
import time

import django

WAVE_RULE = "bench.reminder_wave"


def csv_export() -> int:
    from django.contrib import admin
    from django.test import RequestFactory

    from members.admin.memberships import MembershipAdmin
    from members.models import Membership
    from scn_portal.accounts.models import User

    request = RequestFactory().get("/")
    request.user = User.objects.filter(is_superuser=True).first()
    model_admin = MembershipAdmin(Membership, admin.site)
    size = 0
    for line in model_admin.csv_lines(model_admin.get_queryset(request)):
        size += len(line)
    return size


def reminder_sweep() -> int:
    """Every synthetic focal point due one reminder at once (about 25,000 at full scale),
    sent in batches over one connection each to a relay that drops the emails."""
    from django.conf import settings

    from members.models import Person
    from scn_portal.reminders import registry
    from scn_portal.reminders.models import ReminderDelivery
    from scn_portal.reminders.services import send_due_reminders_in_batches

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

    class Wave(registry.ReminderRule):
        code = WAVE_RULE
        template = "emails/reminders/unverified_email"

        def due(self):
            people = Person.objects.filter(email__startswith="focal-point.synthetic-")
            for person in people.values("pk", "email").iterator(chunk_size=2000):
                yield registry.Due(email=person["email"], occasion=f"bench:{person['pk']}")

    ReminderDelivery.objects.filter(rule=WAVE_RULE).delete()
    tasks = []  # each run as the task runs it: until its time budget, then a fresh one
    try:
        finished = False
        while not finished:
            started = time.perf_counter()
            counts, finished = send_due_reminders_in_batches(rule=Wave())
            tasks.append({"seconds": time.perf_counter() - started, "sent": counts["sent"]})
    finally:
        ReminderDelivery.objects.filter(rule=WAVE_RULE).delete()
    return {
        "sent": sum(t["sent"] for t in tasks),
        "tasks": len(tasks),
        "longest_task_seconds": max(t["seconds"] for t in tasks),
    }


def rescreen() -> int:
    from members.services.screening import rescreen_members_and_applicants

    return len(rescreen_members_and_applicants())


def feed_build() -> int:
    from members.tasks import build_directory_feed

    # As the worker runs it, after a change of the directory.
    return build_directory_feed(language="en")


def _staff():
    from scn_portal.accounts.models import User

    return User.objects.get(email="mu-staff@example.org")


def _rendered(report) -> dict:
    report.refresh_from_db()
    return {"status": report.status, "bytes": report.file.size if report.file else 0}


def certificate_pdf() -> dict:
    """Rabat's certificate in Arabic and English, rendered as the worker renders it (the
    bench runs Celery eagerly, so the request renders it in place)."""
    from members.models import LocalGovernment
    from members.reports import request_certificate

    city = LocalGovernment.objects.listed().filter(name_en="Rabat").first()
    return _rendered(request_certificate(city=city, actor=_staff(), language="ar"))


def annual_report() -> dict:
    """Last year's annual report (MEL), in English."""
    import datetime

    from scn_portal.mel.reports import ANNUAL_REPORT
    from scn_portal.reports.services import request_report

    year = datetime.date.today().year - 1
    report = request_report(
        kind=ANNUAL_REPORT, language="en", actor=_staff(), parameters={"year": year}
    )
    return _rendered(report)


def summit_invitations() -> dict:
    """A Global Summit invites every city that may hold member benefits today, then its
    emails go out batch by batch, each batch timed as the task that sends it (to a relay
    that drops them); the summit is deleted afterwards."""
    import datetime
    from unittest import mock

    from django.conf import settings
    from django.utils import timezone

    from hubs.models import Activity
    from hubs.services import activities as services

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    staff = _staff()
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=120)
    activity = services.create_activity(
        actor=staff,
        kind=Activity.Kind.GLOBAL_SUMMIT,
        title="Bench Global Summit",
        time_zone="UTC",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(days=2),
        place="Bench",
        status=Activity.Status.PLANNED,
        visibility=Activity.Visibility.MEMBERS,
    )
    try:
        started = time.perf_counter()
        # The batches are run below one by one, as the worker runs the queued tasks.
        with mock.patch.object(services, "enqueue_by_name"):
            invited = services.invite_the_cities_it_is_for(activity=activity, actor=staff)
        invite_seconds = time.perf_counter() - started
        tasks, remaining = [], invited
        while remaining:
            started = time.perf_counter()
            remaining = services.send_invitation_batch(activity=activity)
            tasks.append(time.perf_counter() - started)
    finally:
        activity.delete()
    return {
        "invited": invited,
        "invite_seconds": invite_seconds,
        "tasks": len(tasks),
        "longest_task_seconds": max(tasks, default=0),
    }


def prepare() -> dict:
    """Fresh planner statistics, and what the load needs: signed-in sessions and codes."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from governance.models import Minutes
    from members.models import LocalGovernment
    from scn_portal.accounts.models import User

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    sessions = {}
    for persona, email in (("staff", "mu-staff@example.org"), ("official", "official@example.org")):
        client = Client()
        client.force_login(User.objects.get(email=email))
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    city = LocalGovernment.objects.listed().filter(name_en="Rabat").first()
    minutes = Minutes.objects.filter(status=Minutes.Status.PUBLISHED).first()
    return {
        "sessions": sessions,
        "city": str(city.code) if city else None,
        "minutes": str(minutes.code) if minutes else None,
    }


JOBS = {
    "prepare": prepare,
    "csv_export": csv_export,
    "reminder_sweep": reminder_sweep,
    "rescreen": rescreen,
    "feed_build": feed_build,
    "certificate_pdf": certificate_pdf,
    "annual_report": annual_report,
    "summit_invitations": summit_invitations,
}


def main(name: str) -> None:
    django.setup()
    started = time.perf_counter()
    result = JOBS[name]()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"job": name, "seconds": seconds, "peak_rss_mb": peak_mb, "result": result}))


if __name__ == "__main__":
    main(sys.argv[1])
