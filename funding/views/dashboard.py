"""The funding dashboard for Management Unit staff: a year's ledger at a glance."""

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused

from ..selectors.ledger import ledger_years, year_ledger


@staff_page
@login_required
@require_GET
def dashboard(request):
    """Staff: pledged, received, in kind, by donor, type of support and earmark, against
    the year's operating costs; overdue instalments first."""
    if not rules.has_perm("funding.view_dashboard", request.user):
        raise Refused
    years = ledger_years()
    today = timezone.localdate()
    raw = request.GET.get("year")
    try:
        year = int(raw) if raw else (years[0] if years else today.year)
    except ValueError:
        raise Http404 from None
    return render(
        request,
        "funding/staff/dashboard.html",
        {"years": years, "ledger": year_ledger(year, on=today)},
    )
