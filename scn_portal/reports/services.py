import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext_lazy

from scn_portal.queueing import enqueue_by_name

from . import registry
from .models import ReportRequest
from .rendering import render_pdf

logger = logging.getLogger(__name__)


# Stored in English and shown translated on the report's page.
QUEUE_UNAVAILABLE = translation.gettext_noop(
    "The task queue is unavailable, so the report could not be queued. Please try again later."
)


class ReportNotAllowed(Exception):
    pass


class TooManyReports(ValidationError):
    """The person asked for more reports in the last hour than ``REPORTS_PER_PERSON_PER_HOUR``."""


REPORT_WINDOW = timedelta(hours=1)


def request_report(*, kind: str, language: str, actor, parameters: dict | None = None):
    """Record a report request and queue its rendering once the transaction commits.

    Checks that ``actor`` may request this kind, and refuses (``TooManyReports``) a person
    who asked for ``settings.REPORTS_PER_PERSON_PER_HOUR`` reports or certificates in the
    last hour: each one costs a worker seconds of rendering. The person's row is locked
    first, so requests sent at once cannot all pass. If the task queue cannot be reached,
    the request is marked failed with a message the requester sees on its page.
    """
    from django.contrib.auth import get_user_model

    report_kind = registry.get(kind)
    if report_kind is None or not report_kind.may_request(actor):
        raise ReportNotAllowed(kind)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        limit = settings.REPORTS_PER_PERSON_PER_HOUR
        recent = ReportRequest.objects.filter(
            requested_by=actor, requested_at__gte=timezone.now() - REPORT_WINDOW
        )
        if recent.count() >= limit:
            raise TooManyReports(
                ngettext_lazy(
                    "You have asked for %(limit)d report in the last hour, the most one person "
                    "may ask for. Try again later.",
                    "You have asked for %(limit)d reports in the last hour, the most one "
                    "person may ask for. Try again later.",
                    "limit",
                ),
                code="too_many_reports",
                params={"limit": limit},
            )
        report = ReportRequest.objects.create(
            kind=kind, language=language, parameters=parameters or {}, requested_by=actor
        )
        transaction.on_commit(lambda: _queue(report.pk))
    return report


def _queue(report_id: int) -> None:
    if not enqueue_by_name("reports.render_report", report_id=report_id):
        ReportRequest.objects.filter(pk=report_id, status=ReportRequest.Status.QUEUED).update(
            status=ReportRequest.Status.FAILED,
            error=QUEUE_UNAVAILABLE,
            finished_at=timezone.now(),
        )


def render_report_request(*, report: ReportRequest) -> None:
    """Render one queued report. Running it again on a finished report does nothing."""
    claimed = ReportRequest.objects.filter(pk=report.pk, status=ReportRequest.Status.QUEUED).update(
        status=ReportRequest.Status.RUNNING,
        started_at=timezone.now(),
        attempts=models.F("attempts") + 1,
    )
    if not claimed:
        return
    report.refresh_from_db()
    kind = registry.get(report.kind)
    try:
        if kind is None:
            raise LookupError(f"Unknown report kind {report.kind!r}")
        with translation.override(report.language):
            context = kind.build_context(report.parameters)
            context.setdefault("title", kind.title)
        pdf = render_pdf(template=kind.template, context=context, language=report.language)
    except (OperationalError, InterfaceError):
        # Transient: give the report back to the queue; the task retries with backoff.
        ReportRequest.objects.filter(pk=report.pk).update(status=ReportRequest.Status.QUEUED)
        raise
    except Exception as exc:  # the requester must see that it failed, and why
        logger.exception("Report %s failed", report.code)
        report.status = ReportRequest.Status.FAILED
        report.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return
    report.file.save(kind.filename(report.language), ContentFile(pdf), save=False)
    report.status = ReportRequest.Status.DONE
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "finished_at"])


# A report still "running" this long after it started lost its worker (killed, restarted).
INTERRUPTED = translation.gettext_noop(
    "The report was interrupted twice while it was being produced. Please request it again."
)
MAX_ATTEMPTS = 2


def sweep_stale_reports() -> dict[str, int]:
    """Find reports whose worker died: redo them once, then mark them failed.

    A report is stale when it has been "running" longer than the task's hard time limit
    (plus a margin), or "queued" for an hour (its message was lost).
    """
    now = timezone.now()
    running_cutoff = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stale = ReportRequest.objects.filter(
        models.Q(status=ReportRequest.Status.RUNNING, started_at__lt=running_cutoff)
        | models.Q(status=ReportRequest.Status.QUEUED, requested_at__lt=now - timedelta(hours=1))
    )
    counts = {"requeued": 0, "failed": 0}
    for report in stale.only("pk", "status", "attempts"):
        if report.attempts >= MAX_ATTEMPTS:
            counts["failed"] += ReportRequest.objects.filter(
                pk=report.pk, status=report.status
            ).update(status=ReportRequest.Status.FAILED, error=INTERRUPTED, finished_at=now)
        elif ReportRequest.objects.filter(pk=report.pk, status=report.status).update(
            status=ReportRequest.Status.QUEUED, requested_at=now, started_at=None
        ):
            transaction.on_commit(lambda pk=report.pk: _queue(pk))
            counts["requeued"] += 1
    return counts
