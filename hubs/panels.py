"""What hubs adds to the network at a glance."""

from django.utils.translation import gettext_lazy as _

from scn_portal.web.panels import (
    NETWORK_AT_A_GLANCE,
    Figure,
    Panel,
    register_figure,
    register_panel,
)

from .models import Hub


def _active_hubs():
    return Hub.objects.filter(is_active=True).order_by("name")


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
