"""Reads for the public pages: the member directory, city profiles and the directory feed.

Everything here starts from ``LocalGovernment.objects.listed()``: a city that is not a
member, or a member that chose not to be listed, never reaches a public page. Each read
costs a fixed number of queries whatever the number of cities.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from scn_portal.web.charts import Chart, Row

from .. import cache
from ..models import LocalGovernment, Region
from ..names import language_name


class CappedPaginator(Paginator):
    """Pages of the directory up to ``MAX_PAGES``, with the count given (from the cache).

    A page deep in 25,000 cities costs the database a scan of every row before it; nobody
    reads the directory that far page by page. The count stays the true one, the page
    numbers stop at the cap, and the page says to search or filter for the rest.
    """

    MAX_PAGES = 20

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # replaces the COUNT(*) query of the cached property

    @property
    def num_pages(self) -> int:
        return min(super().num_pages, self.MAX_PAGES)

    @property
    def capped(self) -> bool:
        return self.count > self.MAX_PAGES * self.per_page

    @property
    def shown(self) -> int:
        return min(self.count, self.MAX_PAGES * self.per_page)


# What a request asks beside its filters: the page, and the CSV of the chart.
NOT_FILTERS = {"page", "csv"}


def selection_key(params) -> str:
    """A short key for the filters of a request (the page number and the CSV aside)."""
    pairs = sorted((k, v) for k in params if k not in NOT_FILTERS for v in params.getlist(k))
    return hashlib.sha256(urlencode(pairs).encode()).hexdigest()[:24]


def cached_count(cities: QuerySet[LocalGovernment], selection: str | None) -> int:
    """How many ``cities`` there are, counted once per version of the directory."""
    if selection is None:
        return cities.count()
    return cache.cached(("count", selection), cities.count)


def cached_count_by_region(cities: QuerySet[LocalGovernment], selection: str | None) -> list:
    """``count_by_region(cities)``, once per version of the directory and language."""
    if selection is None:
        return count_by_region(cities)
    language = get_language() or DEFAULT_LANGUAGE
    return cache.cached(("regions", language, selection), lambda: count_by_region(cities))


def cached_form_html(form, selection: str | None):
    """The directory's filter form as HTML, once per version, language and filters; None
    (render it on the page) when the filters are invalid and carry their errors."""
    if selection is None:
        return None
    language = get_language() or DEFAULT_LANGUAGE
    return cache.cached(("form", language, selection), form.render)


def listed_cities() -> QuerySet[LocalGovernment]:
    """Members the public may see, with what a directory card shows (one query)."""
    return LocalGovernment.objects.listed().select_related("region", "membership")


def listed_city(code) -> LocalGovernment | None:
    """One listed member with its priorities; ``None`` for any other city or code."""
    return listed_cities().prefetch_related("priorities").filter(code=code).first()


def name_in(language: str):
    """The city's name in ``language``, falling back to the default language's name."""
    localized = build_localized_fieldname("name", language)
    default = build_localized_fieldname("name", DEFAULT_LANGUAGE)
    if localized == default:
        return F(default)
    return Coalesce(NullIf(F(localized), Value("")), F(default), output_field=CharField())


def in_display_order(cities: QuerySet[LocalGovernment], language: str | None = None) -> QuerySet:
    """Alphabetical by the name people read on the page, then by code so pages are stable."""
    language = language or get_language() or DEFAULT_LANGUAGE
    if language not in AVAILABLE_LANGUAGES:
        language = DEFAULT_LANGUAGE
    return cities.annotate(display_name=Lower(name_in(language))).order_by("display_name", "code")


@dataclass(frozen=True)
class RegionCount:
    code: str
    name: str
    count: int


def count_by_region(cities: QuerySet[LocalGovernment]) -> list[RegionCount]:
    """How many of ``cities`` each region has, largest first (two queries)."""
    counts = dict(
        cities.order_by()
        .values_list("region_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("region_id", "n")
    )
    if not counts:
        return []
    regions = Region.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = []
    for pk, n in counts.items():
        region = regions.get(pk)
        row = RegionCount(
            code=region.code if region else "",
            # Translators: the directory's chart, for members whose region is not known.
            name=region.name if region else _("Region not recorded"),
            count=n,
        )
        # Largest first; equal counts in the network's order of regions, unknown last.
        rows.append(((-n, (region.order, region.code) if region else (1 << 30, "")), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _key, row in rows]


def region_chart(rows: list[RegionCount], *, filtered: bool, params) -> Chart:
    """The count by region as the portal's chart (a bar per region, its numbers as a table
    and CSV); each count leads to the directory narrowed to its region, the other filters
    of ``params`` (the request's) kept."""

    def narrowed(code: str) -> str:
        if not code:
            return ""
        query = params.copy()
        for name in NOT_FILTERS:
            query.pop(name, None)
        query["region"] = code
        return f"?{query.urlencode()}"

    return Chart(
        code="members-by-region",
        title=(
            gettext_lazy("Members in these results, by region")
            if filtered
            else gettext_lazy("Members by region")
        ),
        category=gettext_lazy("Region"),
        measure=gettext_lazy("Members"),
        rows=[Row(row.name, row.count, narrowed(row.code)) for row in rows],
    )


def language_names(codes: list[str]) -> list[str]:
    """Names of languages of work in the page language; an unknown code is shown as is."""
    return [language_name(code) for code in codes or []]


def feed_entries(*, profile_url) -> list[dict]:
    """The directory as data for the network's website, in a stable order (two queries).

    Names are given as stored in each language (``None`` where there is no translation);
    ``profile_url(code)`` gives the absolute address of the city's public profile. Rows are
    read as plain values and every label (kind, country, region) is translated once per
    feed, not once per city: at 25,000 cities that is the difference between seconds and
    a fraction of one.
    """
    name_fields = {code: build_localized_fieldname("name", code) for code in AVAILABLE_LANGUAGES}
    kinds = {value: str(label) for value, label in LocalGovernment.Kind.choices}
    country_names = dict(countries)
    regions = {
        region.pk: {"code": region.code, "name": region.name} for region in Region.objects.all()
    }
    rows = (
        LocalGovernment.objects.listed()
        .order_by("name_en", "code")
        .values_list(
            "code",
            *name_fields.values(),
            "kind",
            "country",
            "region_id",
            "membership__joined_on",
            "latitude",
            "longitude",
            "website",
        )
    )
    entries = []
    for row in rows.iterator(chunk_size=2000):
        code, *names = row[: 1 + len(name_fields)]
        kind, country, region_id, joined_on, latitude, longitude, website = row[
            1 + len(name_fields) :
        ]
        entries.append(
            {
                "code": str(code),
                "name": {
                    language: name or None
                    for language, name in zip(name_fields, names, strict=True)
                },
                "kind": {"code": kind, "name": kinds.get(kind, kind)},
                "country": {"code": country, "name": str(country_names.get(country, country))},
                "region": regions.get(region_id),
                "joined": joined_on.year if joined_on else None,
                "coordinates": (
                    {"latitude": float(latitude), "longitude": float(longitude)}
                    if latitude is not None and longitude is not None
                    else None
                ),
                "website": website or None,
                "profile_url": profile_url(code),
            }
        )
    return entries
