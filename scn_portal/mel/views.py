"""The staff dashboard, the drill-down lists behind its figures, the re-run of a period's
figures, and the public "network at a glance" page."""

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.services import TooManyReports
from scn_portal.web.charts import csv_response
from scn_portal.web.page_cache import public_page

from . import services
from .dashboards import dashboard_context, glance_context
from .models import Indicator, Snapshot
from .periods import Period
from .registry import destinations, find_option, get_destination, get_measure
from .reports import ANNUAL_REPORT
from .rules import may_see_split, reads_mel


def _admin_url(obj) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _rows(model, ids: list[int]) -> list[dict]:
    records = model._default_manager.filter(pk__in=ids).order_by("pk")
    return [{"label": str(r), "url": _admin_url(r)} for r in records]


# The largest id a database column holds: a larger one in the address names nothing.
LARGEST_ID = 2**63 - 1


def _snapshot(pk: int) -> Snapshot | None:
    if pk > LARGEST_ID:
        return None
    return Snapshot.objects.select_related("indicator").filter(pk=pk).first()


@staff_page
@login_required
@require_GET
def dashboard(request):
    if not reads_mel(request.user):
        raise Refused
    context = dashboard_context(request)
    response = csv_response(request, context["charts"])
    if response is not None:
        return response
    return render(request, "mel/dashboard.html", context)


@staff_page
@login_required
@require_GET
def snapshot_records(request, pk: int):
    """The records a snapshot counted, as of the snapshot: exactly as many rows."""
    snapshot = _snapshot(pk)
    if snapshot is None or not may_see_split(request.user, snapshot.disaggregation):
        raise Refused
    try:
        model = apps.get_model(snapshot.record_model)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    revisions = list(
        Snapshot.objects.filter(
            indicator=snapshot.indicator,
            period=snapshot.period,
            disaggregation=snapshot.disaggregation,
        ).order_by("revision")
    )
    earlier = [r for r in revisions if r.revision < snapshot.revision]
    difference = services.difference(earlier[-1], snapshot) if earlier else None
    return render(
        request,
        "mel/records.html",
        {
            "indicator": snapshot.indicator,
            "period": Period.parse(snapshot.period),
            "split": snapshot.disaggregation,
            "snapshot": snapshot,
            "revisions": revisions,
            "difference": difference,
            "value": snapshot.value,
            "rows": _rows(model, snapshot.record_ids),
            "may_rerun": request.user.has_perm("mel.rerun_snapshot"),
            "rerun_form": RerunForm(),
        },
    )


@staff_page
@login_required
@require_GET
def live_records(request, code: str, period: str):
    """The records an indicator counts for a period not yet snapshotted, computed now."""
    split = request.GET.get("split", "")
    if not may_see_split(request.user, split):
        raise Refused
    indicator = get_object_or_404(Indicator, code=code, source=Indicator.Source.COMPUTED)
    measure = get_measure(indicator.measure)
    try:
        the_period = Period.parse(period)
    except ValueError as exc:
        raise Http404 from exc
    if measure is None:
        raise Http404
    option = find_option(split)
    if split and (option is None or split.partition(":")[0] not in measure.dimensions):
        raise Http404
    filters = indicator.scoped(option.filters() if option else {})
    value, ids = measure.compute(the_period, filters)
    model = measure.records(the_period, filters).model
    return render(
        request,
        "mel/records.html",
        {
            "indicator": indicator,
            "period": the_period,
            "split": split,
            "snapshot": None,
            "value": value,
            "rows": _rows(model, ids),
        },
    )


class RerunForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why take the figures again"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@staff_page
@login_required
@require_POST
def rerun(request, pk: int):
    """Take a snapshot's period again (Management Unit staff): a new revision, then the
    list of the new figure, with what changed from the earlier one."""
    snapshot = _snapshot(pk)
    if snapshot is None or not request.user.has_perm("mel.rerun_snapshot"):
        raise Refused
    form = RerunForm(request.POST)
    if not form.is_valid() or get_measure(snapshot.indicator.measure) is None:
        return render(
            request,
            "mel/rerun.html",
            {"snapshot": snapshot, "period": Period.parse(snapshot.period), "form": form},
            status=400,
        )
    differences = services.rerun_snapshots(
        indicator=snapshot.indicator,
        period=Period.parse(snapshot.period),
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("The figures were taken again. The earlier ones are kept."))
    same = next(d for d in differences if d.disaggregation == snapshot.disaggregation)
    return redirect(same.after)


@require_http_methods(["GET", "HEAD"])
@public_page
def glance(request):
    """The public "network at a glance": public indicators against targets, charts."""
    context = glance_context(today=timezone.localdate())
    response = csv_response(request, context["charts"])
    if response is not None:
        return response
    return render(request, "mel/glance.html", context)


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 5, -1)]


class FileReportForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Present at"))

    def __init__(self, *args, destination, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = destination.choices(year)
        self.fields["target"].label = destination.label


def _annual_reports():
    return ReportRequest.objects.filter(kind=ANNUAL_REPORT).order_by("-requested_at")[:20]


@staff_page
@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request):
    """Request the annual progress report of a year in a language (Management Unit), and
    file a finished one with the ISC meeting where it is presented."""
    if not is_mu_staff(request.user):
        raise Refused
    today = timezone.localdate()
    form = AnnualReportForm(
        request.POST or None,
        this_year=today.year,
        initial={"year": today.year - 1, "language": get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_annual_report(
                year=form.cleaned_data["year"],
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except TooManyReports as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your report has been requested."))
            return redirect(report)
    reports = [
        {
            "report": report,
            "year": report.parameters.get("year"),
            "forms": [
                (d, FileReportForm(destination=d, year=int(report.parameters.get("year", 0))))
                for d in destinations()
            ]
            if report.status == ReportRequest.Status.DONE
            else [],
        }
        for report in _annual_reports()
    ]
    return render(request, "mel/annual_report.html", {"form": form, "reports": reports})


@staff_page
@login_required
@require_POST
def file_annual_report(request, code, destination: str):
    if not is_mu_staff(request.user):
        raise Refused
    report = ReportRequest.objects.filter(code=code, kind=ANNUAL_REPORT).first()
    target = get_destination(destination)
    if report is None or target is None:
        raise Refused
    form = FileReportForm(
        request.POST, destination=target, year=int(report.parameters.get("year", 0))
    )
    if not form.is_valid():
        messages.error(request, _("Choose where the report is presented."))
        return redirect("mel:annual_report")
    try:
        services.file_report(
            report=report,
            destination_key=destination,
            target=form.cleaned_data["target"],
            actor=request.user,
        )
    except services.CannotFile:
        messages.error(request, _("Only a finished annual report can be filed there."))
    else:
        messages.success(request, _("The report is filed with the meeting's papers."))
    return redirect("mel:annual_report")
