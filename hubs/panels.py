"""What hubs adds to the network at a glance, and the hub page's own panels.

The public page of a hub (``HUB_PAGE``) shows what other apps register for it — upcoming
public activities, good practices — with ``register_panel(Panel(page=HUB_PAGE, ...))``; the
panel's ``context`` gets a ``HubPage`` (the request and the hub) and returns None to show
nothing. Apps above hubs (resources) register there without hubs importing them.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from scn_portal.web.panels import (
    NETWORK_AT_A_GLANCE,
    Figure,
    Panel,
    register_figure,
    register_panel,
)

from .models import Hub

HUB_PAGE = "hubs.hub"


@dataclass(frozen=True)
class HubPage:
    request: HttpRequest
    hub: Hub


def _active_hubs():
    return Hub.objects.active().order_by("name")


register_figure(
    Figure(
        code="hubs",
        order=50,
        label=_("Regional hubs"),
        value=lambda: _active_hubs().count(),
        pages=(NETWORK_AT_A_GLANCE,),
    )
)
register_panel(
    Panel(
        code="hubs.glance",
        page=NETWORK_AT_A_GLANCE,
        order=40,
        template="hubs/panels/_glance_hubs.html",
        context=lambda parameters: {"hubs": list(_active_hubs()), "column": 1},
    )
)
