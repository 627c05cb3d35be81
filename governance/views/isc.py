"""The ISC's public pages (who sits on it, its terms of reference) and its composition
for staff."""

from datetime import date

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.web.charts import csv_response
from scn_portal.web.page_cache import public_page

from ..models import TermsOfReference
from ..selectors import isc as isc_selectors


@require_GET
@public_page
def isc_members(request):
    """Public: who sits on the ISC today, for which city and region, until when."""
    co_chairs = {c.person_id for c in isc_selectors.current_co_chairs()}
    # A member that asked not to be listed publicly is absent from every public page.
    terms = list(isc_selectors.current_terms().filter(local_government__publicly_listed=True))
    return render(
        request,
        "governance/isc_members.html",
        {"terms": terms, "co_chair_ids": co_chairs},
    )


@staff_page
@login_required
@require_GET
def composition(request):
    """Staff: the committee's composition against the diversity target, and what ends soon."""
    if not rules.has_perm("governance.view_composition", request.user):
        raise Refused
    composition = isc_selectors.composition()
    charts = isc_selectors.composition_charts(composition)
    response = csv_response(request, charts)
    if response is not None:
        return response
    by = dict(zip(("region", "gender", "kind"), charts, strict=True))
    return render(
        request, "governance/composition.html", {"composition": composition, "charts": by}
    )


@require_GET
@public_page
def terms_of_reference(request, effective_on: str | None = None):
    """Public: the terms of reference in force, and each earlier version."""
    versions = list(
        TermsOfReference.objects.filter(effective_on__lte=timezone.localdate()).order_by(
            "-effective_on"
        )
    )
    if effective_on is None:
        shown = versions[0] if versions else None
    else:
        try:
            day = date.fromisoformat(effective_on)
        except ValueError as exc:
            raise Http404 from exc
        shown = next((v for v in versions if v.effective_on == day), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "governance/meetings/terms_of_reference.html",
        {
            "terms": shown,
            "current": versions[0] if versions else None,
            "versions": versions,
        },
    )
