"""What funding adds to the network at a glance (anonymous donors are never counted by
name, only the named ones), and the links on Management Unit staff's dashboard."""

from scn_portal.accounts.roles import Role
from scn_portal.web.panels import DASHBOARD, NETWORK_AT_A_GLANCE, Panel, register_panel

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


register_panel(
    Panel(
        code="funding.staff",
        page=DASHBOARD,
        order=20,
        template="funding/panels/_staff.html",
        context=lambda request: {} if Role.MU_STAFF in request.user.roles else None,
    )
)
