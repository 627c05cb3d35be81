from celery import shared_task

from .models import ReportRequest
from .services import render_report_request


@shared_task(name="reports.render_report", acks_late=True)
def render_report(*, report_id: int) -> None:
    report = ReportRequest.objects.filter(pk=report_id).first()
    if report is None:
        return
    render_report_request(report=report)
