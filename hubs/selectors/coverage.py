"""Which hub covers which city: one answer, for one city or thousands, in two queries.

Only active hubs cover anyone. A country an active hub lists is served by that hub even
when another hub covers its region ("country coverage wins"); otherwise the hub covering
the city's region serves it; a city neither reaches is served by the central team (None).
When two active hubs claim the same country or region (the admin refuses it, but data
may predate the check) the hub created first wins, so the answer never depends on order.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from members.models import LocalGovernment

from ..models import Hub


@dataclass
class Coverage:
    """The active hubs' coverage, loaded once (two queries), then asked in memory."""

    hubs: dict[int, Hub] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)
    by_region: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Coverage":
        coverage = cls()
        for hub in Hub.objects.active().prefetch_related("regions").order_by("pk"):
            coverage.hubs[hub.pk] = hub
            for country in hub.countries:
                coverage.by_country.setdefault(country.code, hub.pk)
            for region in hub.regions.all():
                coverage.by_region.setdefault(region.pk, hub.pk)
        return coverage

    def hub_for(self, *, country: str, region_id: int | None) -> Hub | None:
        hub_id = self.by_country.get(str(country))
        if hub_id is None and region_id is not None:
            hub_id = self.by_region.get(region_id)
        return self.hubs.get(hub_id) if hub_id is not None else None

    def cities_q(self, hub_id: int, prefix: str = "") -> Q:
        """A filter on local governments (through ``prefix``) for the cities ``hub_id``
        serves; matches nothing for a hub that is not active."""
        countries = [code for code, owner in self.by_country.items() if owner == hub_id]
        regions = [pk for pk, owner in self.by_region.items() if owner == hub_id]
        others = [code for code, owner in self.by_country.items() if owner != hub_id]
        by_region = Q(**{f"{prefix}region__in": regions})
        if others:
            by_region &= ~Q(**{f"{prefix}country__in": others})
        return Q(**{f"{prefix}country__in": countries}) | by_region


def hub_for_city(city: LocalGovernment) -> Hub | None:
    """The active hub serving ``city``, or None for the central team."""
    return Coverage.load().hub_for(country=city.country, region_id=city.region_id)


def hubs_for_cities(cities: Iterable[LocalGovernment]) -> dict[int, Hub | None]:
    """For each city's pk, the active hub serving it (None: the central team); two
    queries whatever the number of cities."""
    coverage = Coverage.load()
    return {
        city.pk: coverage.hub_for(country=city.country, region_id=city.region_id) for city in cities
    }


def cities_of_hubs(
    hub_ids: Iterable[int], coverage: Coverage | None = None
) -> QuerySet[LocalGovernment]:
    """The cities the given hubs serve (none for a hub that is not active); ``coverage``
    when the caller has already loaded it."""
    coverage = coverage or Coverage.load()
    q = Q(pk__in=[])
    for hub_id in hub_ids:
        if hub_id in coverage.hubs:
            q |= coverage.cities_q(hub_id)
    return LocalGovernment.objects.filter(q)


def cities_of_hub(hub: Hub) -> QuerySet[LocalGovernment]:
    return cities_of_hubs([hub.pk])
