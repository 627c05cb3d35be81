"""Reads for the portal's shared pages (home, dashboard)."""

from django.db.models import Count

from members.models import LocalGovernment, PrincipleVersion, StrategicPriority


def network_figures() -> dict:
    members = LocalGovernment.objects.members()
    return {
        "members": members.count(),
        "countries": members.values("country").distinct().count(),
        "regions": members.exclude(region=None).values("region").distinct().count(),
    }


def home_content() -> dict:
    version = PrincipleVersion.objects.current()
    return {
        "priorities": list(StrategicPriority.objects.all()),
        "principle_version": version,
        "principles": list(version.principles.all()) if version else [],
        "figures": network_figures(),
    }


def cities_of(user) -> list[LocalGovernment]:
    return list(
        LocalGovernment.objects.filter(officials__person__user=user, officials__is_active=True)
        .select_related("membership", "region")
        .annotate(n_officials=Count("officials"))
        .distinct()
    )
