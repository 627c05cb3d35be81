"""The city spotlight: a listed member's public profile shows its published good
practices and policies, and the working groups it takes part in (members knows nothing of
resources or governance: it renders the panels registered for its profile page)."""

from django.db.models import Q

from hubs.panels import HUB_PAGE
from scn_portal.web.panels import CITY_PROFILE, DASHBOARD, HOME, Panel, register_panel

from .models import Resource

SPOTLIGHT_LIMIT = 10


def _spotlight(city) -> dict | None:
    practices = list(
        Resource.objects.public()
        .filter(kind__in=[Resource.Kind.GOOD_PRACTICE, Resource.Kind.POLICY])
        .filter(Q(author_city=city) | Q(cities=city))
        .distinct()
        .order_by("-published_on", "pk")[:SPOTLIGHT_LIMIT]
    )
    from governance.models import WorkingGroup, WorkingGroupMembership

    groups = list(
        WorkingGroup.objects.filter(
            memberships__local_government=city,
            memberships__status=WorkingGroupMembership.Status.ACCEPTED,
        )
        .exclude(status=WorkingGroup.Status.CLOSED)
        .distinct()
        .order_by("topic")
    )
    if not practices and not groups:
        return None
    return {"practices": practices, "groups": groups}


register_panel(
    Panel(
        code="resources.city_spotlight",
        page=CITY_PROFILE,
        order=50,
        template="resources/panels/_city_spotlight.html",
        context=_spotlight,
    )
)


def _share(request) -> dict | None:
    """On the dashboard of whoever may share a good practice (a city's official, hub
    staff): the way to do it (from the roles the dashboard already knows: no query)."""
    from scn_portal.accounts.roles import Role

    if not request.user.roles & {Role.CITY_OFFICIAL, Role.HUB_STAFF}:
        return None
    return {}


register_panel(
    Panel(
        code="resources.share",
        page=DASHBOARD,
        order=60,
        template="resources/panels/_share.html",
        context=_share,
    )
)


def _newest(_request) -> dict:
    """On the home page: the newest public resources and the way into the hub."""
    newest = Resource.objects.public().order_by("-published_on", "-pk")[:3]
    return {"newest": list(newest)}


register_panel(
    Panel(
        code="resources.newest",
        page=HOME,
        order=35,
        template="resources/panels/_newest.html",
        context=_newest,
    )
)


# --- A hub's public page: the good practices of its cities and its own ----------------------

HUB_PRACTICES_LIMIT = 10


def _hub_practices(page) -> dict | None:
    """Published public good practices authored by the hub or by a city it serves: three
    queries (the hubs' coverage, then the practices), whatever the number of cities."""
    from hubs.selectors.coverage import cities_of_hubs

    hub = page.hub
    practices = list(
        Resource.objects.public()
        .filter(kind=Resource.Kind.GOOD_PRACTICE)
        .filter(Q(author_hub=hub) | Q(author_city__in=cities_of_hubs([hub.pk])))
        .select_related("author_hub", "author_city")
        .order_by("-published_on", "-pk")[:HUB_PRACTICES_LIMIT]
    )
    if not practices:
        return None
    return {"practices": practices}


register_panel(
    Panel(
        code="resources.hub_practices",
        page=HUB_PAGE,
        order=60,
        template="resources/panels/_hub_practices.html",
        context=_hub_practices,
    )
)
