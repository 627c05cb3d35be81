import logging
import traceback

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from scn_portal.queueing import enqueue

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


def request_report(*, kind: str, language: str, actor, parameters: dict | None = None):
    """Record a report request and queue its rendering once the transaction commits.

    Checks that ``actor`` may request this kind. If the task queue cannot be reached,
    the request is marked failed with a message the requester sees on its page.
    """
    report_kind = registry.get(kind)
    if report_kind is None or not report_kind.may_request(actor):
        raise ReportNotAllowed(kind)
    with transaction.atomic():
        report = ReportRequest.objects.create(
            kind=kind, language=language, parameters=parameters or {}, requested_by=actor
        )
        transaction.on_commit(lambda: _queue(report.pk))
    return report


def _queue(report_id: int) -> None:
    from .tasks import render_report

    if not enqueue(render_report, report_id=report_id):
        ReportRequest.objects.filter(pk=report_id, status=ReportRequest.Status.QUEUED).update(
            status=ReportRequest.Status.FAILED,
            error=QUEUE_UNAVAILABLE,
            finished_at=timezone.now(),
        )


def render_report_request(*, report: ReportRequest) -> None:
    """Render one queued report. Running it again on a finished report does nothing."""
    claimed = ReportRequest.objects.filter(pk=report.pk, status=ReportRequest.Status.QUEUED).update(
        status=ReportRequest.Status.RUNNING, started_at=timezone.now()
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
