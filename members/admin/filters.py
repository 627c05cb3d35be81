"""The list filters of the Applications and Membership lists (the country one is a
drop-down, shared with the lists of cities and people) and their eligibility column, read
from the stored matches (never recomputed per row)."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import visible_region_ids
from scn_portal.web.admin_filters import SelectListFilter

from .. import cache as directory_cache
from ..models import (
    Commitment,
    EligibilityOverride,
    LocalGovernment,
    Membership,
    PrincipleVersion,
    Region,
    TerritoryMatch,
)
from ..names import country_name

WAITING_STATUSES = (Membership.Status.UNDER_REVIEW, Membership.Status.INELIGIBLE)


def _with_eligibility(queryset, prefix: str = "local_government__"):
    """Prefetch what the eligibility column shows, in two queries for the whole page.

    Kept as plain lists on each city (``to_attr``): Django otherwise builds a related
    manager and a queryset per row and per relation to hold what it already read (a
    hundred querysets for a page of fifty)."""
    return queryset.prefetch_related(
        Prefetch(
            f"{prefix}territory_matches",
            queryset=TerritoryMatch.objects.select_related("territory").order_by("pk"),
            to_attr="listed_territory_matches",
        ),
        Prefetch(
            f"{prefix}eligibility_overrides",
            queryset=EligibilityOverride.objects.only("pk", "local_government_id", "territory_id"),
            to_attr="listed_eligibility_overrides",
        ),
    )


def eligibility_summary(local_government: LocalGovernment) -> tuple[str, list[TerritoryMatch]]:
    """("eligible" | "inside" | "overridden", the matches that decide it) from stored rows."""
    overrides = getattr(local_government, "listed_eligibility_overrides", None)
    if overrides is None:
        overrides = local_government.eligibility_overrides.all()
    matches = getattr(local_government, "listed_territory_matches", None)
    if matches is None:
        matches = local_government.territory_matches.all()
    cleared = {o.territory_id for o in overrides}
    matches = list(matches)
    inside = [m for m in matches if m.territory_id not in cleared]
    if inside:
        return "inside", inside
    if matches:
        return "overridden", matches
    return "eligible", []


def eligibility_text(local_government: LocalGovernment) -> str:
    result, matches = eligibility_summary(local_government)
    if result == "eligible":
        return gettext("Eligible: in no disputed territory")
    found = "; ".join(f"{m.territory.name} ({m.get_rule_display()})" for m in matches)
    if result == "inside":
        return gettext("Inside a disputed territory: %(found)s") % {"found": found}
    return gettext("Reviewed false positive (overridden): %(found)s") % {"found": found}


def _open_match(outer: str = "local_government"):
    """A stored match of the row's city that no override clears."""
    overridden = EligibilityOverride.objects.filter(
        local_government=OuterRef("local_government"), territory=OuterRef("territory")
    )
    return TerritoryMatch.objects.filter(local_government=OuterRef(outer)).filter(
        ~Exists(overridden)
    )


def _scope_key(region_ids) -> str:
    return "all" if region_ids is None else ",".join(map(str, sorted(region_ids)))


class EligibilityFilter(admin.SimpleListFilter):
    title = _("eligibility")
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return [
            ("eligible", _("Eligible")),
            ("inside", _("Inside a disputed territory")),
            ("overridden", _("Overridden (reviewed false positive)")),
        ]

    def queryset(self, request, queryset):
        any_match = TerritoryMatch.objects.filter(local_government=OuterRef("local_government"))
        if self.value() == "eligible":
            return queryset.filter(~Exists(any_match))
        if self.value() == "inside":
            return queryset.filter(Exists(_open_match()))
        if self.value() == "overridden":
            return queryset.filter(Exists(any_match)).filter(~Exists(_open_match()))
        return queryset


class CommitmentFilter(admin.SimpleListFilter):
    """Which members must recommit since a new version of the principles took effect."""

    title = _("commitment to the guiding principles")
    parameter_name = "commitment"

    def lookups(self, request, model_admin):
        return [
            ("current", _("To the version in force")),
            ("older", _("To an older version: recommitment needed")),
            ("none", _("None")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {"current", "older", "none"}:
            return queryset
        current = PrincipleVersion.objects.current()
        committed = Commitment.objects.filter(local_government=OuterRef("local_government"))
        if self.value() == "none":
            return queryset.filter(~Exists(committed))
        if current is None:
            return queryset
        to_current = committed.filter(version=current)
        if self.value() == "current":
            return queryset.filter(Exists(to_current))
        if self.value() == "older":
            return queryset.filter(Exists(committed)).filter(~Exists(to_current))
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for a decision")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("7", _("More than 7 days")),
            ("14", _("More than 14 days")),
            ("30", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"7", "14", "30"}:
            since = timezone.now() - timedelta(days=int(self.value()))
            return queryset.filter(status__in=WAITING_STATUSES, submitted_at__lt=since)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open applications")), *Membership.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status__in=Membership.OPEN_APPLICATION)
        if self.value() in Membership.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class CountryFilter(SelectListFilter):
    """Countries of the rows this staff member may see (never another hub's), in a
    drop-down: a list of links would run to a hundred and more."""

    title = _("country")
    parameter_name = "country"
    country_lookup = "local_government__country"
    # Set where the lookup crosses a to-many relation (a person's cities): one row each.
    distinct = False

    def lookups(self, request, model_admin):
        # The distinct countries of a list of 25,000 rows cost a scan: read once per
        # version of the directory (``members.cache``) and per set of visible regions.
        # Their names, translated and in order, are kept per language with them (naming
        # and sorting 250 countries costs more than the rest of the filter).
        scope = visible_region_ids(request.user)

        def build():
            codes = set(
                model_admin.get_queryset(request)
                .order_by()
                .values_list(self.country_lookup, flat=True)
                .distinct()
            ) - {None, ""}
            return sorted(((c, country_name(c)) for c in codes), key=lambda x: x[1])

        return directory_cache.cached(
            (
                "admin-countries",
                model_admin.opts.label,
                self.country_lookup,
                _scope_key(scope),
                get_language(),
            ),
            build,
        )

    def queryset(self, request, queryset):
        if self.value():
            queryset = queryset.filter(**{self.country_lookup: self.value()})
            return queryset.distinct() if self.distinct else queryset
        return queryset


class RegionFilter(admin.SimpleListFilter):
    """Regions this staff member may see."""

    title = _("region")
    parameter_name = "region"
    region_lookup = "local_government__region"
    distinct = False

    def lookups(self, request, model_admin):
        allowed = visible_region_ids(request.user)

        def build():
            regions = Region.objects.all()
            if allowed is not None:
                regions = regions.filter(pk__in=allowed)
            return [(str(r.pk), r.name) for r in regions]

        # A region's change bumps the directory's version (``members.signals``).
        return directory_cache.cached(("admin-regions", get_language(), _scope_key(allowed)), build)

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            queryset = queryset.filter(**{f"{self.region_lookup}_id": int(self.value())})
            return queryset.distinct() if self.distinct else queryset
        return queryset


def safe_cell(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
