"""What hubs adds to the network at a glance, and the hub page's own panels.

The public page of a hub (``HUB_PAGE``) shows what other apps register for it — upcoming
public activities, good practices — with ``register_panel(Panel(page=HUB_PAGE, ...))``; the
panel's ``context`` gets a ``HubPage`` (the request and the hub) and returns None to show
nothing. Apps above hubs (resources) register there without hubs importing them.
"""

import datetime
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.web.panels import (
    CITY_PROFILE,
    DASHBOARD,
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


# --- The dashboard: the help desk and needs mapping ---------------------------------------


def _city_help(request) -> dict | None:
    """For officials: ask the help desk and describe their city's needs, city by city."""
    from members.models import LocalGovernment
    from scn_portal.accounts.roles import Role

    if Role.CITY_OFFICIAL not in request.user.roles:
        return None
    cities = LocalGovernment.objects.acted_for_by(request.user).order_by("name")
    return {"cities": list(cities)}


def _staff_help(request) -> dict | None:
    from .selectors.helpdesk import may_handle_requests, requests_handled_by

    if not may_handle_requests(request.user):
        return None
    waiting = requests_handled_by(request.user).open().filter(first_response_at__isnull=True)
    return {"waiting": waiting.count(), "is_staff": request.user.is_staff}


register_panel(
    Panel(
        code="hubs.city_help",
        page=DASHBOARD,
        order=25,
        template="hubs/panels/_city_help.html",
        context=_city_help,
    )
)
register_panel(
    Panel(
        code="hubs.staff_help",
        page=DASHBOARD,
        order=15,
        template="hubs/panels/_staff_help.html",
        context=_staff_help,
    )
)


# --- The hub quarterly report: the help desk's and needs mapping's sections ----------------

HUB_QUARTERLY_REPORT = "hubs.quarterly_report"


@dataclass(frozen=True)
class HubReportPeriod:
    """The hub and quarter a quarterly report's panels describe."""

    hub: Hub
    start: datetime.datetime  # inclusive
    end: datetime.datetime  # exclusive

    @property
    def first_day(self) -> datetime.date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> datetime.date:
        return timezone.localtime(self.end).date() - datetime.timedelta(days=1)


def _report_activities(period: HubReportPeriod) -> dict:
    from .selectors.reporting import activity_figures

    return {"figures": activity_figures(period)}


def _report_help_desk(period: HubReportPeriod) -> dict:
    from .selectors.reporting import help_desk_figures

    return {"figures": help_desk_figures(period), "target": period.hub.first_response_hours}


def _report_needs(period: HubReportPeriod) -> dict:
    from .selectors.reporting import needs_figures

    return {"figures": needs_figures(period)}


register_panel(
    Panel(
        code="hubs.report_activities",
        page=HUB_QUARTERLY_REPORT,
        order=40,
        template="hubs/reports/_activities.html",
        context=_report_activities,
    )
)
register_panel(
    Panel(
        code="hubs.report_help_desk",
        page=HUB_QUARTERLY_REPORT,
        order=50,
        template="hubs/reports/_help_desk.html",
        context=_report_help_desk,
    )
)
register_panel(
    Panel(
        code="hubs.report_needs",
        page=HUB_QUARTERLY_REPORT,
        order=60,
        template="hubs/reports/_needs.html",
        context=_report_needs,
    )
)


# --- A listed member's public profile: the public activities it took part in --------------

CITY_ACTIVITIES_LIMIT = 10


def _city_activities(city) -> dict | None:
    """Held public activities for which one of the city's officials held a seat (and was
    not marked absent): one query, whatever the number of activities or registrations."""
    from django.db.models import Exists, OuterRef

    from .models import Activity, Registration

    took_part = (
        Registration.objects.filter(
            activity=OuterRef("pk"),
            local_government=city,
            status=Registration.Status.REGISTERED,
        )
        .exclude(attended=False)
        .values("pk")
    )
    activities = list(
        Activity.objects.public()
        .filter(status=Activity.Status.HELD)
        .filter(Exists(took_part))
        .order_by("-starts_at", "-pk")[:CITY_ACTIVITIES_LIMIT]
    )
    if not activities:
        return None
    return {"activities": activities}


register_panel(
    Panel(
        code="hubs.city_activities",
        page=CITY_PROFILE,
        order=55,
        template="hubs/panels/_city_activities.html",
        context=_city_activities,
    )
)


# --- A hub's public page: its upcoming public activities ------------------------------------

HUB_ACTIVITIES_LIMIT = 10


def _hub_activities(page: HubPage) -> dict | None:
    """The hub's upcoming public activities, soonest first (never members-only, planned-only
    or cancelled ones): one query, whatever the number of activities."""
    from .models import Activity

    activities = list(
        Activity.objects.public()
        .upcoming()
        .filter(hub=page.hub)
        .order_by("starts_at", "pk")[:HUB_ACTIVITIES_LIMIT]
    )
    if not activities:
        return None
    return {"activities": activities, "hub": page.hub}


register_panel(
    Panel(
        code="hubs.hub_activities",
        page=HUB_PAGE,
        order=40,
        template="hubs/panels/_hub_activities.html",
        context=_hub_activities,
    )
)
