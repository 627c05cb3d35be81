"""Pages composed of what each app contributes: the home page, the dashboard and the
"network at a glance" report.

An app declares, in its ``panels.py``, the panels it adds to a page and the figures it
counts::

    register_panel(Panel(
        code="members.my_cities", page=DASHBOARD, order=20,
        template="members/panels/_my_cities.html", context=my_cities,
    ))
    register_figure(Figure(code="members", order=10, label=_("Member cities"),
                           value=count_members, pages=(HOME, NETWORK_AT_A_GLANCE)))

``context(arg)`` gets the request (for a page) or the report's parameters (for a report)
and returns the panel's template context, or None when the panel is not for this visitor
(a dashboard panel for a role they do not hold). The platform knows no app: it renders
whatever is registered, in order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HOME = "home"
DASHBOARD = "dashboard"
NETWORK_AT_A_GLANCE = "network_at_a_glance"
# A listed member's public profile; a panel's ``context`` gets the city.
CITY_PROFILE = "city_profile"


@dataclass(frozen=True)
class Panel:
    code: str
    page: str
    order: int
    template: str
    context: Callable[[Any], dict | None]


@dataclass(frozen=True)
class Figure:
    code: str
    order: int
    label: Any
    value: Callable[[], int]
    pages: tuple[str, ...] = (HOME, NETWORK_AT_A_GLANCE)


_panels: dict[str, Panel] = {}
_figures: dict[str, Figure] = {}


def register_panel(panel: Panel) -> Panel:
    _panels[panel.code] = panel
    return panel


def register_figure(figure: Figure) -> Figure:
    _figures[figure.code] = figure
    return figure


def panels(page: str, arg) -> list[dict]:
    """The page's panels this visitor sees, in order: each a dict with its ``template``
    and its context."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.code)):
        if panel.page != page:
            continue
        context = panel.context(arg)
        if context is not None:
            shown.append({"template": panel.template, "code": panel.code, **context})
    return shown


def figures(page: str) -> list[dict]:
    """The network's figures shown on ``page``, in order."""
    return [
        {"code": figure.code, "label": figure.label, "value": figure.value()}
        for figure in sorted(_figures.values(), key=lambda f: (f.order, f.code))
        if page in figure.pages
    ]


# --- The platform's own panels of the dashboard ----------------------------------------


def _staff(request) -> dict | None:
    from scn_portal.accounts.roles import Role
    from scn_portal.reports import registry as reports

    roles = request.user.roles
    if Role.MU_STAFF not in roles and Role.HUB_STAFF not in roles:
        return None
    return {
        "is_mu_staff": Role.MU_STAFF in roles,
        "may_request_reports": any(
            kind.in_request_form and kind.may_request(request.user) for kind in reports.all_kinds()
        ),
    }


register_panel(
    Panel(
        code="web.staff",
        page=DASHBOARD,
        order=10,
        template="web/panels/_staff.html",
        context=_staff,
    )
)
register_panel(
    Panel(
        code="web.account",
        page=DASHBOARD,
        order=1000,
        template="web/panels/_account.html",
        context=lambda request: {},
    )
)
