"""The one answer to "may this city hold member benefits today?", and the location check.

Every app that grants a member benefit (ISC seats, the Technical Support Fund, summit
invitations) calls ``eligibility(...)`` or ``may_hold_member_benefits(...)``; none
re-implements a part of it. The check explains itself: each failing condition is named.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .in_force import in_force, previous_version
from .models import (
    Commitment,
    DisputedTerritory,
    EligibilityOverride,
    LocalGovernment,
    Membership,
    PrincipleVersion,
    TerritoryMatch,
)


@dataclass(frozen=True)
class Match:
    territory: DisputedTerritory
    rule: str  # TerritoryMatch.Rule

    @property
    def explanation(self) -> str:
        return str(
            _("Located in %(territory)s: %(rule)s.")
            % {"territory": self.territory.name, "rule": TerritoryMatch.Rule(self.rule).label}
        )


@dataclass
class LocationResult:
    matches: list[Match] = field(default_factory=list)
    overridden: list[Match] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.matches

    @property
    def explanation(self) -> str:
        """Each territory the city is in and the rule that matched, in sentences."""
        return " ".join(m.explanation for m in self.matches)


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str]
    location: LocationResult


def _active_territories() -> list[DisputedTerritory]:
    return list(DisputedTerritory.objects.filter(is_active=True))


def territory_matches(
    local_government: LocalGovernment, territories: Sequence[DisputedTerritory] | None = None
) -> list[Match]:
    """Every disputed territory the city is in, and the rule that matched (no overrides)."""
    from shapely.geometry import Point

    territories = _active_territories() if territories is None else territories
    found: list[Match] = []
    code = (local_government.subdivision or "").upper()
    point = None
    if local_government.latitude is not None and local_government.longitude is not None:
        point = Point(float(local_government.longitude), float(local_government.latitude))
    for territory in territories:
        codes = {c.upper() for c in territory.subdivision_codes or []}
        if code and code in codes:
            found.append(Match(territory, TerritoryMatch.Rule.SUBDIVISION))
        elif point is not None and territory.boundary:
            shape = _boundary_shape(territory)
            if shape is not None and shape.covers(point):
                found.append(Match(territory, TerritoryMatch.Rule.BOUNDARY))
    return found


_shape_cache: dict[tuple[int, str], object] = {}


def _boundary_shape(territory: DisputedTerritory):
    from .validators import parse_boundary

    key = (territory.pk, str(territory.updated_at))
    if key not in _shape_cache:
        if len(_shape_cache) > 256:
            _shape_cache.clear()
        _shape_cache[key] = parse_boundary(territory.boundary)
    return _shape_cache[key]


def location_check(
    local_government: LocalGovernment,
    territories: Sequence[DisputedTerritory] | None = None,
    cleared: set[int] | None = None,
) -> LocationResult:
    """Matches that count (those not cleared by a reviewed override) and those overridden.
    ``cleared``: the territories the city's overrides clear, when already read."""
    matches = territory_matches(local_government, territories)
    if not matches or local_government.pk is None:
        return LocationResult(matches=matches)
    if cleared is None:
        cleared = set(
            EligibilityOverride.objects.filter(local_government=local_government).values_list(
                "territory_id", flat=True
            )
        )
    return LocationResult(
        matches=[m for m in matches if m.territory.pk not in cleared],
        overridden=[m for m in matches if m.territory.pk in cleared],
    )


def commitment_is_current(
    local_government: LocalGovernment,
    on: date | None = None,
    *,
    current: PrincipleVersion | object | None = ...,
    previous: PrincipleVersion | object | None = ...,
    committed: set[int] | None = None,
) -> bool:
    """Committed to the version in force, or to the one before it within its grace period.

    ``current`` (the version in force on ``on``), ``previous`` (the one before it) and
    ``committed`` (the ids of the versions the city committed to) may be given by a caller
    that has already read them."""
    on = on or timezone.localdate()
    if current is ...:
        current = PrincipleVersion.objects.current(on)
    if current is None:
        return True  # nothing to commit to yet
    if committed is None:
        committed = set(
            Commitment.objects.filter(local_government=local_government).values_list(
                "version_id", flat=True
            )
        )
    if current.pk in committed:
        return True
    if previous is ...:
        previous = previous_version(current)
    return previous is not None and previous.pk in committed and on <= current.grace_ends_on


def eligibility(
    local_government: LocalGovernment,
    on: date | None = None,
    *,
    membership: Membership | object | None = ...,
    current: PrincipleVersion | object | None = ...,
    previous: PrincipleVersion | object | None = ...,
    committed: set[int] | None = None,
    territories: Sequence[DisputedTerritory] | None = None,
    cleared: set[int] | None = None,
) -> Eligibility:
    """May this city hold member benefits on ``on`` (today by default)? With the reasons.

    A page that has just read the city's membership (``None``: it has none), the versions
    in force and before it, the versions the city committed to, the active territories or
    the territories its overrides clear passes them rather than reading them again; a
    decision reads them itself, inside its own transaction."""
    reasons: list[str] = []
    if membership is ...:
        status = (
            Membership.objects.filter(local_government=local_government)
            .values_list("status", flat=True)
            .first()
        )
    else:
        status = membership.status if membership is not None else None
    if status != Membership.Status.MEMBER:
        reasons.append(str(_("It is not an active member of the network.")))
    if not commitment_is_current(
        local_government, on, current=current, previous=previous, committed=committed
    ):
        reasons.append(str(_("It has not committed to the current guiding principles.")))
    location = location_check(local_government, territories, cleared)
    reasons.extend(m.explanation for m in location.matches)
    return Eligibility(eligible=not reasons, reasons=reasons, location=location)


def eligibility_of(cities: list[LocalGovernment], on: date | None = None) -> dict:
    """``eligibility`` of each of ``cities`` by key, in at most five queries whatever their
    number (a page listing the cities a person acts for; one or two where what is in force
    is kept, ``members.in_force``). Each city's membership is read with it
    (``select_related("membership")``)."""
    on = on or timezone.localdate()
    keys = [city.pk for city in cities]
    rules = in_force(on)
    current, previous = rules.current, rules.previous
    committed: dict[int, set[int]] = {key: set() for key in keys}
    for city_id, version_id in Commitment.objects.filter(local_government_id__in=keys).values_list(
        "local_government_id", "version_id"
    ):
        committed[city_id].add(version_id)
    territories = rules.territories
    # Overrides only count where a territory matched: most pages have no such city and
    # read none (matching again in ``eligibility`` is a few comparisons, not a query).
    located = [city.pk for city in cities if territory_matches(city, territories)]
    cleared: dict[int, set[int]] = {key: set() for key in keys}
    if located:
        for city_id, territory_id in EligibilityOverride.objects.filter(
            local_government_id__in=located
        ).values_list("local_government_id", "territory_id"):
            cleared[city_id].add(territory_id)
    return {
        city.pk: eligibility(
            city,
            on,
            membership=getattr(city, "membership", None),
            current=current,
            previous=previous,
            committed=committed[city.pk],
            territories=territories,
            cleared=cleared[city.pk],
        )
        for city in cities
    }


def may_hold_member_benefits(local_government: LocalGovernment, on: date | None = None) -> bool:
    return eligibility(local_government, on).eligible


# --- The same answer for many cities at once ------------------------------------------
#
# Summit invitations, the fund, the directory and the dashboards ask the question for
# thousands of cities. The status and the commitment are answered in SQL; only the
# location is checked in Python, and only for cities that have a listed subdivision code
# or coordinates inside a boundary's bounding box. The number of queries does not grow
# with the number of cities.


def _commitment_current_q(on: date) -> Q:
    """A filter on local governments: committed as ``commitment_is_current`` asks."""
    current = PrincipleVersion.objects.current(on)
    if current is None:
        return Q()
    q = Q(Exists(Commitment.objects.filter(local_government=OuterRef("pk"), version=current)))
    if on <= current.grace_ends_on:
        previous = previous_version(current)
        if previous is not None:
            q |= Q(
                Exists(Commitment.objects.filter(local_government=OuterRef("pk"), version=previous))
            )
    return q


def located_in_territory(cities: QuerySet[LocalGovernment]) -> set[int]:
    """The ids of those cities inside an active disputed territory, no override clearing it."""
    territories = _active_territories()
    if not territories:
        return set()
    matched: dict[int, set[int]] = {}
    by_code: dict[str, list[int]] = {}
    for territory in territories:
        for code in territory.subdivision_codes or []:
            by_code.setdefault(code.upper(), []).append(territory.pk)
    if by_code:
        rows = (
            cities.annotate(_code=Upper("subdivision"))
            .filter(_code__in=list(by_code))
            .values_list("pk", "_code")
        )
        for pk, code in rows:
            matched.setdefault(pk, set()).update(by_code[code])
    shapes = [
        (territory.pk, shape)
        for territory in territories
        if territory.boundary and (shape := _boundary_shape(territory)) is not None
    ]
    if shapes:
        from shapely.geometry import Point
        from shapely.prepared import prep

        boxes = Q()
        for _pk, shape in shapes:
            west, south, east, north = shape.bounds
            boxes |= Q(
                latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
            )
        prepared = [(pk, prep(shape)) for pk, shape in shapes]
        for pk, latitude, longitude in cities.filter(boxes).values_list(
            "pk", "latitude", "longitude"
        ):
            point = Point(float(longitude), float(latitude))
            for territory_pk, shape in prepared:
                if shape.covers(point):
                    matched.setdefault(pk, set()).add(territory_pk)
    if not matched:
        return set()
    cleared: dict[int, set[int]] = {}
    for pk, territory_pk in EligibilityOverride.objects.filter(
        local_government_id__in=list(matched)
    ).values_list("local_government_id", "territory_id"):
        cleared.setdefault(pk, set()).add(territory_pk)
    return {pk for pk, found in matched.items() if found - cleared.get(pk, set())}


def eligible_cities(
    cities: QuerySet[LocalGovernment] | None = None, on: date | None = None
) -> QuerySet[LocalGovernment]:
    """Those of ``cities`` (all by default) that may hold member benefits on ``on``.

    The bulk form of ``may_hold_member_benefits``: it agrees with it city by city.
    """
    on = on or timezone.localdate()
    cities = LocalGovernment.objects.all() if cities is None else cities
    candidates = cities.filter(membership__status=Membership.Status.MEMBER).filter(
        _commitment_current_q(on)
    )
    blocked = located_in_territory(candidates)
    return candidates.exclude(pk__in=blocked) if blocked else candidates
