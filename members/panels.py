"""What members adds to the home page, the dashboard and the network at a glance."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.roles import Role
from scn_portal.web.panels import (
    DASHBOARD,
    HOME,
    NETWORK_AT_A_GLANCE,
    Figure,
    Panel,
    register_figure,
    register_panel,
)

from . import cache as directory_cache
from .models import LocalGovernment, Membership, PrincipleVersion, Region, StrategicPriority


def _members():
    return LocalGovernment.objects.members()


def _counted(code: str, count):
    """A figure counted once per version of the directory (``members.cache``): the home
    page would otherwise scan every membership for each visitor."""
    return lambda: directory_cache.cached(("figure", code), count)


register_figure(
    Figure(
        code="members",
        order=10,
        label=_("Member cities"),
        value=_counted("members", lambda: _members().count()),
    )
)
register_figure(
    Figure(
        code="countries",
        order=20,
        label=_("Countries"),
        value=_counted("countries", lambda: _members().values("country").distinct().count()),
    )
)
register_figure(
    Figure(
        code="regions",
        order=30,
        label=_("Regions"),
        value=_counted(
            "regions", lambda: _members().exclude(region=None).values("region").distinct().count()
        ),
        pages=(HOME,),
    )
)


def _priorities(_arg) -> dict:
    return {"priorities": list(StrategicPriority.objects.all())}


def _principles(_arg) -> dict:
    version = PrincipleVersion.objects.current()
    return {
        "principle_version": version,
        "principles": list(version.principles.all()) if version else [],
    }


register_panel(
    Panel(
        code="members.priorities",
        page=HOME,
        order=20,
        template="members/panels/_priorities.html",
        context=_priorities,
    )
)
register_panel(
    Panel(
        code="members.principles",
        page=HOME,
        order=30,
        template="members/panels/_principles.html",
        context=_principles,
    )
)


# --- The dashboard ---------------------------------------------------------------------


def _welcome(request) -> dict | None:
    """A person with no role yet: how to start, and their requests to act for a city."""
    if request.user.roles:
        return None
    return {"claims": list(request.user.acting_claims.select_related("local_government"))}


def _my_cities(request) -> dict | None:
    if Role.CITY_OFFICIAL not in request.user.roles:
        return None
    cities = (
        LocalGovernment.objects.filter(
            officials__person__user=request.user, officials__is_active=True
        )
        .select_related("membership", "region")
        .annotate(n_officials=Count("officials"))
        .distinct()
    )
    return {"cities": list(cities)}


def _join(request) -> dict | None:
    roles = request.user.roles
    if Role.MU_STAFF in roles or Role.HUB_STAFF in roles:
        return None
    return {}


register_panel(
    Panel(
        code="members.welcome",
        page=DASHBOARD,
        order=5,
        template="members/panels/_welcome.html",
        context=_welcome,
    )
)
register_panel(
    Panel(
        code="members.my_cities",
        page=DASHBOARD,
        order=20,
        template="members/panels/_my_cities.html",
        context=_my_cities,
    )
)
register_panel(
    Panel(
        code="members.join",
        page=DASHBOARD,
        order=40,
        template="members/portal/_join.html",
        context=_join,
    )
)


# --- The network at a glance -----------------------------------------------------------


def _members_by_region(_parameters) -> dict:
    member = Q(local_governments__membership__status=Membership.Status.MEMBER)
    regions = Region.objects.annotate(
        n_members=Count("local_governments", filter=member),
        n_local_governments=Count("local_governments"),
    ).order_by("order", "code")
    return {"regions": regions, "wide": True}


register_panel(
    Panel(
        code="members.by_region",
        page=NETWORK_AT_A_GLANCE,
        order=10,
        template="members/panels/_members_by_region.html",
        context=_members_by_region,
    )
)
register_panel(
    Panel(
        code="members.glance_priorities",
        page=NETWORK_AT_A_GLANCE,
        order=20,
        template="members/panels/_glance_priorities.html",
        context=lambda parameters: {**_priorities(parameters), "column": 1},
    )
)
register_panel(
    Panel(
        code="members.glance_principles",
        page=NETWORK_AT_A_GLANCE,
        order=30,
        template="members/panels/_glance_principles.html",
        context=lambda parameters: {**_principles(parameters), "column": 2},
    )
)
