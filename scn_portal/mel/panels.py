"""MEL on the dashboard: staff find the indicators, and the Management Unit the annual
progress report, from their dashboard (``scn_portal.web.panels``)."""

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.web.panels import DASHBOARD, Panel, register_panel

from .rules import reads_mel


def _mel(request) -> dict | None:
    if not reads_mel(request.user):
        return None
    return {"may_request_annual_report": is_mu_staff(request.user)}


register_panel(
    Panel(
        code="mel.staff",
        page=DASHBOARD,
        order=15,
        template="mel/panels/_staff.html",
        context=_mel,
    )
)
