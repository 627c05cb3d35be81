"""What funding adds to the network at a glance (anonymous donors are never counted by
name, only the named ones)."""

from scn_portal.web.panels import NETWORK_AT_A_GLANCE, Panel, register_panel

from .models import Donor

register_panel(
    Panel(
        code="funding.glance",
        page=NETWORK_AT_A_GLANCE,
        order=50,
        template="funding/panels/_glance_donors.html",
        context=lambda parameters: {
            "named_donors": Donor.objects.named().count(),
            "column": 1,
        },
    )
)
