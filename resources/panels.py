"""The city spotlight: a listed member's public profile shows its published good
practices and policies, and the working groups it takes part in (members knows nothing of
resources or governance: it renders the panels registered for its profile page)."""

from django.db.models import Q

from scn_portal.web.panels import CITY_PROFILE, Panel, register_panel

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
