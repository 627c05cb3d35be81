"""Reads for the public pages: the member directory, city profiles and the directory feed.

Everything here starts from ``LocalGovernment.objects.listed()``: a city that is not a
member, or a member that chose not to be listed, never reaches a public page. Each read
costs a fixed number of queries whatever the number of cities.
"""

from dataclasses import dataclass

from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from ..models import LocalGovernment, Region
from ..names import language_name


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
    percent: float  # of the largest bar, for the chart's widths
    offset: float  # where a bar starts when it grows from the right (right-to-left pages)


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
    largest = max(counts.values())
    rows = []
    for pk, n in counts.items():
        region = regions.get(pk)
        percent = round(n * 100 / largest, 1)
        row = RegionCount(
            code=region.code if region else "",
            # Translators: the directory's chart, for members whose region is not known.
            name=region.name if region else _("Region not recorded"),
            count=n,
            percent=percent,
            offset=round(100 - percent, 1),
        )
        # Largest first; equal counts in the network's order of regions, unknown last.
        rows.append(((-n, (region.order, region.code) if region else (1 << 30, "")), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _key, row in rows]


def language_names(codes: list[str]) -> list[str]:
    """Names of languages of work in the page language; an unknown code is shown as is."""
    return [language_name(code) for code in codes or []]


def feed_entries(*, profile_url) -> list[dict]:
    """The directory as data for the network's website, in a stable order (one query).

    Names are given as stored in each language (``None`` where there is no translation);
    ``profile_url(city)`` gives the absolute address of the city's public profile.
    """
    cities = listed_cities().order_by("name_en", "code")
    entries = []
    for city in cities:
        membership = city.membership
        entries.append(
            {
                "code": str(city.code),
                "name": {
                    code: getattr(city, build_localized_fieldname("name", code)) or None
                    for code in AVAILABLE_LANGUAGES
                },
                "kind": {"code": city.kind, "name": str(city.get_kind_display())},
                "country": {"code": city.country.code, "name": str(city.country.name)},
                "region": (
                    {"code": city.region.code, "name": city.region.name} if city.region else None
                ),
                "joined": membership.joined_on.year if membership.joined_on else None,
                "coordinates": (
                    {"latitude": float(city.latitude), "longitude": float(city.longitude)}
                    if city.latitude is not None and city.longitude is not None
                    else None
                ),
                "website": city.website or None,
                "profile_url": profile_url(city),
            }
        )
    return entries
