"""The measures the portal computes from its own data, and the ways figures are split.

The app that owns the data registers its measures in its ``measures.py``::

    register_measure(Measure(
        key="members.member_cities",
        label=_("Member cities at the end of the period"),
        records=member_cities,          # (period, filters) -> QuerySet of what is counted
        dimensions=(REGION,),
    ))

``records(period, filters)`` returns the records the figure counts: the drill-down list
and, unless the measure gives its own ``value(period, filters)``, the figure itself (their
number). ``filters`` may hold ``regions``: the ids of the regions to keep (a region, or
the regions of a hub), and ``cities``: a subquery of the ids of the local governments to
keep (a hub that serves listed countries); a measure that cannot be split ignores them
and says so by leaving ``REGION`` and ``HUB`` out of its ``dimensions``. ``filters`` may
also hold ``priority``: the id of the strategic priority of the indicator asking (a
measure that counts per priority keeps what serves it, others ignore it), and the
criteria of a split that is not by place (``gender``: the gender recorded).

An app may also place a measure in a section of the annual progress report
(``register_report_section``; ``section=`` on the measure), and say where a finished report
can be filed (``register_destination``: the ISC meeting where it is presented).

An app also registers the dimensions figures are split by (``register_dimension``): the
region (members), the hub (hubs). A dimension lists its options, each with the regions it
stands for, so a measure only ever needs to know about regions.

Staff choose a measure for an indicator in the admin from this registry: no code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .periods import Period

REGION = "region"
HUB = "hub"
GENDER = "gender"
PRIORITY = "priority"


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any
    records: Callable[[Period, dict], Any]
    value: Callable[[Period, dict], Decimal | int] | None = None
    dimensions: tuple[str, ...] = ()
    # Where the annual report shows it (a registered ``ReportSection``), in what order,
    # whether it names the records it counts, and whether it is drawn by region.
    section: str = ""
    order: int = 0
    listed: bool = False
    by_region: bool = False
    # Drawn per strategic priority on the dashboards and in the report (``PRIORITY``).
    by_priority: bool = False

    def compute(self, period: Period, filters: dict | None = None) -> tuple[Decimal, list[int]]:
        """The figure for ``period`` and the ids of the records behind it."""
        filters = filters or {}
        ids = sorted(self.records(period, filters).values_list("pk", flat=True))
        value = self.value(period, filters) if self.value else len(ids)
        return Decimal(value), ids

    def model_label(self, period: Period) -> str:
        return self.records(period, {}).model._meta.label_lower


@dataclass(frozen=True)
class DimensionOption:
    """One value of a dimension: the regions it stands for (what staff of a hub may see)
    and, where it serves fewer cities than whole regions (a hub listing countries), a
    function returning a subquery of the ids of the local governments it serves."""

    code: str
    label: Any
    region_ids: frozenset[int]
    cities: Callable[[], Any] | None = None
    # What a split not by place keeps (``(("gender", "woman"),)``); it names no regions.
    criteria: tuple[tuple[str, Any], ...] = ()

    def filters(self) -> dict:
        if self.criteria:
            return dict(self.criteria)
        filters: dict = {"regions": self.region_ids}
        if self.cities is not None:
            filters["cities"] = self.cities()
        return filters


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Any
    options: Callable[[], list[DimensionOption]]


@dataclass(frozen=True)
class ReportSection:
    """A section of the annual progress report, filled by the measures that name it."""

    code: str
    title: Any
    order: int


@dataclass(frozen=True)
class Destination:
    """Where a finished report can be filed: ``choices(year)`` lists the places (code,
    label) and ``attach(code=, title=, content=, filename=, actor=)`` files it there."""

    key: str
    label: Any
    choices: Callable[[int], list[tuple[str, str]]]
    attach: Callable[..., Any]


@dataclass(frozen=True)
class ChartSource:
    """Charts an app draws from its own data for a year: ``charts(year, public=)`` returns
    ``scn_portal.web.charts.Chart`` objects; ``public=True`` asks for what anyone may read
    (no anonymous donor named). Shown on the dashboards and in the report's ``section``."""

    key: str
    section: str
    order: int
    charts: Callable[..., list[Any]]


_measures: dict[str, Measure] = {}
_chart_sources: dict[str, ChartSource] = {}
_dimensions: dict[str, Dimension] = {}
_sections: dict[str, ReportSection] = {}
_destinations: dict[str, Destination] = {}


def register_report_section(section: ReportSection) -> ReportSection:
    _sections[section.code] = section
    return section


def report_sections() -> list[ReportSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.code))


def register_charts(source: ChartSource) -> ChartSource:
    _chart_sources[source.key] = source
    return source


def chart_sources(section: str | None = None) -> list[ChartSource]:
    sources = sorted(_chart_sources.values(), key=lambda s: (s.order, s.key))
    return [s for s in sources if section is None or s.section == section]


def register_destination(destination: Destination) -> Destination:
    _destinations[destination.key] = destination
    return destination


def destinations() -> list[Destination]:
    return sorted(_destinations.values(), key=lambda d: d.key)


def get_destination(key: str) -> Destination | None:
    return _destinations.get(key)


def register_measure(measure: Measure) -> Measure:
    _measures[measure.key] = measure
    return measure


def register_dimension(dimension: Dimension) -> Dimension:
    _dimensions[dimension.key] = dimension
    return dimension


def get_measure(key: str) -> Measure | None:
    return _measures.get(key)


def all_measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda m: m.key)


def measure_choices() -> list[tuple[str, str]]:
    return [(m.key, str(m.label)) for m in all_measures()]


def get_dimension(key: str) -> Dimension | None:
    return _dimensions.get(key)


def dimension_options(key: str) -> list[DimensionOption]:
    dimension = _dimensions.get(key)
    return dimension.options() if dimension else []


def find_option(code: str) -> DimensionOption | None:
    """The option a split code (``region:mena``) names; None for ``""`` or an unknown one."""
    dimension, _sep, wanted = code.partition(":")
    for option in dimension_options(dimension) if code else ():
        if option.code == wanted:
            return option
    return None


def split_code(dimension: str, option: str) -> str:
    """How a disaggregation is written on a snapshot: ``region:mena``."""
    return f"{dimension}:{option}"
