"""Needs mapping: a city official submits their city's assessment from the portal; staff
read the needs map of their hub (the Management Unit: of any hub or the whole network)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.views.portal import get_city_for_user
from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff, works_for_the_network

from ..forms.needs import GapFormSet, NeedsAssessmentForm
from ..models import Hub, NeedsAssessment
from ..rules import staff_hub_ids
from ..selectors.coverage import cities_of_hub
from ..selectors.needs import needs_map
from ..services.needs import submit_needs_assessment


@login_required
@require_http_methods(["GET", "POST"])
def city_needs(request, code):
    """The city's needs assessments, and a form to submit a new one (its officials only)."""
    city = get_city_for_user(request, code, "hubs.submit_needs_assessment")
    form = NeedsAssessmentForm(request.POST or None)
    gaps = GapFormSet(request.POST or None, prefix="gaps")
    if request.method == "POST" and form.is_valid() and gaps.is_valid():
        try:
            submit_needs_assessment(
                city=city,
                actor=request.user,
                priorities=list(form.cleaned_data["priorities"]),
                current_capacities=form.cleaned_data["current_capacities"],
                support_requested=form.cleaned_data["support_requested"],
                gaps=[g.cleaned_data for g in gaps if g.cleaned_data],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Thank you: your regional hub will read it."))
            return redirect("hubs:city_needs", code=city.code)
    assessments = (
        NeedsAssessment.objects.filter(local_government=city)
        .prefetch_related("gaps__priority", "priorities")
        .order_by("-assessed_on", "-pk")
    )
    return render(
        request,
        "hubs/needs/city_needs.html",
        {"city": city, "form": form, "gaps": gaps, "assessments": assessments},
    )


@staff_page
@login_required
@require_GET
def needs_map_page(request):
    """Gaps by priority, country and year for a hub's cities. Hub staff see their own hub
    only (another hub's answers 404); the Management Unit any hub or the whole network."""
    if not works_for_the_network(request.user):
        raise Refused
    hubs = Hub.objects.active().order_by("name")
    if not is_mu_staff(request.user):
        hubs = hubs.filter(pk__in=staff_hub_ids(request.user))
    slug = request.GET.get("hub")
    hub = hubs.filter(slug=slug).first() if slug else None
    if slug and hub is None:
        raise Http404
    if hub is None and not is_mu_staff(request.user):
        hub = hubs.first()
    cities = cities_of_hub(hub) if hub is not None else None
    return render(
        request,
        "hubs/needs/needs_map.html",
        {"hub": hub, "hubs": list(hubs), "map": needs_map(cities)},
    )
