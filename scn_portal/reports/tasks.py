from celery import shared_task
from django.db import InterfaceError, OperationalError

from .models import ReportRequest
from .services import render_report_request, sweep_stale_reports

# Transient failures (the database restarting) are retried with capped exponential backoff.
TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="reports.render_report",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def render_report(*, report_id: int) -> None:
    report = ReportRequest.objects.filter(pk=report_id).first()
    if report is None:
        return
    render_report_request(report=report)


@shared_task(name="reports.sweep_stale_reports", acks_late=True)
def sweep_reports() -> dict:
    return sweep_stale_reports()
