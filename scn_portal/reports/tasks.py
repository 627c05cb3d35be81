from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import DATABASE_TASK

from .models import ReportRequest
from .services import render_report_request, sweep_stale_reports


@shared_task(name="reports.render_report", **DATABASE_TASK)
def render_report(*, report_id: int) -> None:
    """Render a queued report; a report already done (or running) is left alone."""
    report = ReportRequest.objects.filter(pk=report_id).first()
    if report is None:
        return
    render_report_request(report=report)


@shared_task(name="reports.sweep_stale_reports", **DATABASE_TASK)
def sweep_reports() -> dict:
    return sweep_stale_reports()


register_periodic_task(
    "Sweep stale reports", "reports.sweep_stale_reports", minute="*/10", hour="*"
)
