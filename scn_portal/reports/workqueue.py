"""Reports that failed to render: the person who asked has no PDF."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.workqueue.registry import Line, register_line

from .models import ReportRequest


def failed_reports(user):
    return (
        ReportRequest.objects.filter(status=ReportRequest.Status.FAILED)
        .select_related("requested_by")
        .order_by("requested_at", "pk")
    )


register_line(
    Line(
        code="reports.failed",
        order=910,
        title=_("Reports that failed"),
        items=failed_reports,
        row_template="reports/workqueue/_failed.html",
        may_see=is_mu_staff,
        all_url=lambda: reverse("admin:reports_reportrequest_changelist") + "?status__exact=failed",
    )
)
