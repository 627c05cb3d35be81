"""Reads about the ISC: who sits today, its composition against the diversity target."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.eligibility import eligibility
from members.models import Region
from scn_portal.web.charts import Chart, Row

from ..models import CoChairTerm, IscRegionTarget, IscSettings, IscTerm


def current_terms(on: date | None = None):
    return (
        IscTerm.objects.current(on)
        .select_related("person", "local_government__region")
        .order_by("local_government__region__order", "local_government__name")
    )


def current_isc_users(on: date | None = None):
    """Active users who hold a seat today (or ``on``): the many-people form of
    ``rules.is_isc_member``, for review status and reminders."""
    terms = IscTerm.objects.current(on).filter(person__user__isnull=False)
    return (
        get_user_model()
        .objects.filter(is_active=True, person__in=terms.values("person"))
        .distinct()
        .order_by("full_name", "email")
    )


def current_co_chairs(on: date | None = None):
    return CoChairTerm.objects.current(on).select_related("person", "local_government__region")


@dataclass
class RegionRow:
    region: Region | None
    seats: int
    target: int | None
    share: float

    @property
    def label(self):
        return self.region.name if self.region else _("No region")


@dataclass
class Composition:
    on: date
    max_seats: int
    seats: int
    regions: list[RegionRow]
    genders: list[tuple[str, int]]
    kinds: list[tuple[str, int]]
    warnings: list[str] = field(default_factory=list)
    ending_6_months: list[IscTerm] = field(default_factory=list)
    ending_12_months: list[IscTerm] = field(default_factory=list)
    co_chairs: list[CoChairTerm] = field(default_factory=list)
    co_chairs_flagged: list[tuple[CoChairTerm, list[str]]] = field(default_factory=list)


def composition(on: date | None = None) -> Composition:
    """Seats by region, gender and kind of city; warnings; terms ending soon; co-chairs."""
    on = on or timezone.localdate()
    settings = IscSettings.load()
    terms = list(current_terms(on))
    total = len(terms)
    by_region = Counter(t.local_government.region_id for t in terms)
    targets = {t.region_id: t.target_seats for t in IscRegionTarget.objects.all()}
    regions = list(Region.objects.all())
    rows = [
        RegionRow(
            region=r,
            seats=by_region.get(r.pk, 0),
            target=targets.get(r.pk),
            share=(by_region.get(r.pk, 0) / total * 100) if total else 0.0,
        )
        for r in regions
    ]
    if by_region.get(None):
        rows.append(RegionRow(None, by_region[None], None, by_region[None] / total * 100))
    warnings = []
    for row in rows:
        if row.region is not None and row.seats == 0 and (row.target or 0) > 0:
            warnings.append(
                str(
                    _("%(region)s has no seat (target: %(target)s).")
                    % {"region": row.label, "target": row.target}
                )
            )
        if total and row.share > settings.max_region_share:
            warnings.append(
                str(
                    _("%(region)s holds %(share)s%% of the seats, more than %(max)s%%.")
                    % {
                        "region": row.label,
                        "share": round(row.share),
                        "max": settings.max_region_share,
                    }
                )
            )
    genders = Counter(t.person.get_gender_display() for t in terms)
    kinds = Counter(t.local_government.get_kind_display() for t in terms)
    co_chairs = list(current_co_chairs(on))
    flagged = []
    for chair in co_chairs:
        result = eligibility(chair.local_government, on)
        if not result.eligible:
            flagged.append((chair, result.reasons))
    if co_chairs and len(co_chairs) < 2:
        warnings.append(str(_("The ISC has only one co-chair.")))
    in_6 = on + timedelta(days=183)
    in_12 = on + timedelta(days=365)
    return Composition(
        on=on,
        max_seats=settings.max_seats,
        seats=total,
        regions=rows,
        genders=sorted(genders.items()),
        kinds=sorted(kinds.items()),
        warnings=warnings,
        ending_6_months=[t for t in terms if t.ends_on <= in_6],
        ending_12_months=[t for t in terms if in_6 < t.ends_on <= in_12],
        co_chairs=co_chairs,
        co_chairs_flagged=flagged,
    )


def composition_charts(composition: Composition) -> list[Chart]:
    """The composition as the portal's charts: seats by region (every region, those with
    none too), by gender and by kind of local government, each with its numbers as a table
    and CSV."""
    return [
        Chart(
            code="isc-seats-by-region",
            title=_("Seats by region"),
            category=_("Region"),
            measure=_("Seats"),
            rows=[Row(row.label, row.seats) for row in composition.regions],
        ),
        Chart(
            code="isc-seats-by-gender",
            title=_("Seats by gender"),
            category=_("Gender"),
            measure=_("Seats"),
            rows=[Row(label, count) for label, count in composition.genders],
        ),
        Chart(
            code="isc-seats-by-kind",
            title=_("Seats by kind of local government"),
            category=_("Kind of local government"),
            measure=_("Seats"),
            rows=[Row(label, count) for label, count in composition.kinds],
        ),
    ]
