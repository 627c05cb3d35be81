"""The hubs' public pages: the list of hubs and each hub's page (what it covers, its host,
its public team, and what other apps add through the hub page's panels)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scn_portal.web.page_cache import public_page
from scn_portal.web.panels import panels

from ..models import Hub, HubStaff
from ..panels import HUB_PAGE, HubPage


def _public_hubs():
    return Hub.objects.public().select_related("host").prefetch_related("regions")


@require_GET
@public_page
def hub_list(request):
    return render(request, "hubs/public/hub_list.html", {"hubs": list(_public_hubs())})


@require_GET
@public_page
def hub_page(request, slug):
    team = Prefetch(
        "staff",
        queryset=HubStaff.objects.filter(is_public=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name"),
        to_attr="public_team",
    )
    hub = _public_hubs().prefetch_related(team).filter(slug=slug).first()
    if hub is None:
        raise Http404
    return render(
        request,
        "hubs/public/hub_page.html",
        {"hub": hub, "panels": panels(HUB_PAGE, HubPage(request=request, hub=hub))},
    )
