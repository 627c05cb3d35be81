"""Staff ask for a hub's quarterly report (rendered in the background, then on the
report's page)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff, works_for_the_network
from scn_portal.reports.services import ReportNotAllowed, TooManyReports

from ..forms.reports import HubReportForm
from ..models import Hub
from ..reports import request_hub_report
from ..rules import staff_hub_ids


@staff_page
@login_required
@require_http_methods(["GET", "POST"])
def hub_report(request):
    """The form: one of the person's hubs (any for the Management Unit), a quarter, a
    language. Another hub's slug is not a choice: refused as an invalid choice."""
    if not works_for_the_network(request.user):
        raise Refused
    hubs = Hub.objects.exclude(status=Hub.Status.PLANNED).order_by("name")
    if not is_mu_staff(request.user):
        hubs = hubs.filter(pk__in=staff_hub_ids(request.user))
    form = HubReportForm(request.POST or None, hubs=hubs, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            report = request_hub_report(actor=request.user, **form.cleaned_data)
        except ReportNotAllowed as exc:
            raise Refused from exc
        except (ValidationError, TooManyReports) as refusal:
            form.add_error(None, refusal)
        else:
            return redirect("reports:detail", code=report.code)
    return render(request, "hubs/reports/hub_report.html", {"form": form})
