"""What governance adds to the dashboard and the network at a glance."""

from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.roles import Role
from scn_portal.web.panels import (
    DASHBOARD,
    NETWORK_AT_A_GLANCE,
    Figure,
    Panel,
    register_figure,
    register_panel,
)

from .models import IscTerm

register_figure(
    Figure(
        code="isc_seats",
        order=40,
        label=_("ISC seats filled"),
        value=lambda: IscTerm.objects.current().count(),
        pages=(NETWORK_AT_A_GLANCE,),
    )
)


def _for(role):
    """A dashboard panel shown to holders of ``role`` (its template needs no data)."""
    return lambda request: {} if role in request.user.roles else None


for code, order, role, template in (
    ("governance.secretariat", 15, Role.MU_STAFF, "governance/panels/_secretariat.html"),
    ("governance.working_groups", 30, Role.CITY_OFFICIAL, "governance/panels/_groups.html"),
    ("governance.isc", 50, Role.ISC_MEMBER, "governance/panels/_isc.html"),
    ("governance.expert", 60, Role.EXPERT, "governance/panels/_expert.html"),
):
    register_panel(
        Panel(code=code, page=DASHBOARD, order=order, template=template, context=_for(role))
    )
