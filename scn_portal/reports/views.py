from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused

from . import registry
from .forms import ReportRequestForm
from .models import ReportRequest
from .services import (
    INTERRUPTED,
    QUEUE_UNAVAILABLE,
    ReportNotAllowed,
    TooManyReports,
    request_report,
)


def get_report_for_user(request, code) -> ReportRequest:
    """The report, if this person may see it; 404 otherwise (ids leak nothing)."""
    report = ReportRequest.objects.filter(code=code).select_related("requested_by").first()
    if report is None:
        raise Http404
    if not request.user.has_perm("reports.view_reportrequest", report):
        raise Refused
    return report


@staff_page
@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    form = ReportRequestForm(
        request.POST or None, user=request.user, initial={"language": get_language()}
    )
    if not form.fields["kind"].choices:
        raise Refused
    if request.method == "POST" and form.is_valid():
        try:
            report = request_report(
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except ReportNotAllowed as exc:
            raise Refused from exc
        except TooManyReports as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your report has been requested."))
            return redirect(report)
    reports = ReportRequest.objects.filter(requested_by=request.user)[:50]
    kinds = {k.code: k.title for k in registry.all_kinds()}
    return render(
        request, "reports/report_list.html", {"form": form, "reports": reports, "kinds": kinds}
    )


@staff_page
@login_required
@require_GET
def report_detail(request, code):
    report = get_report_for_user(request, code)
    kind = registry.get(report.kind)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "kind_title": kind.title if kind else report.kind,
            "queue_unavailable": report.error == QUEUE_UNAVAILABLE,
            "interrupted": report.error == INTERRUPTED,
            # Kinds with parameters are requested again from their own page, not the form.
            "can_request_again": bool(kind and kind.in_request_form),
        },
    )


@staff_page
@login_required
@require_GET
def report_download(request, code):
    report = get_report_for_user(request, code)
    if report.status != ReportRequest.Status.DONE or not report.file:
        raise Http404
    kind = registry.get(report.kind)
    filename = kind.filename(report.language) if kind else "report.pdf"
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
