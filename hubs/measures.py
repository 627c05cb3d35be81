"""The regional hub as a way to split MEL's figures (``scn_portal.mel.registry``): a hub's
figure counts the cities it serves (``selectors.coverage``: its listed countries, and its
regions' other cities), and its staff may read it."""

from django.utils.translation import gettext_lazy as _

from members.models import CountryRegion, LocalGovernment
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import (
    HUB,
    Dimension,
    DimensionOption,
    Measure,
    ReportSection,
    register_dimension,
    register_measure,
    register_report_section,
)

from .models import Hub
from .selectors.coverage import Coverage


def _hubs() -> list[DimensionOption]:
    coverage = Coverage.load()
    country_regions = dict(CountryRegion.objects.values_list("country", "region"))
    options = []
    for hub in sorted(coverage.hubs.values(), key=lambda h: h.name):
        regions = {pk for pk, owner in coverage.by_region.items() if owner == hub.pk}
        regions |= {
            country_regions[code]
            for code, owner in coverage.by_country.items()
            if owner == hub.pk and code in country_regions
        }
        q = coverage.cities_q(hub.pk)
        options.append(
            DimensionOption(
                code=hub.slug,
                label=hub.name,
                region_ids=frozenset(regions),
                cities=lambda q=q: LocalGovernment.objects.filter(q).values("pk"),
            )
        )
    return options


register_dimension(Dimension(key=HUB, label=_("Regional hub"), options=_hubs))


HUBS = register_report_section(ReportSection(code="hubs", title=_("Regional hubs"), order=30)).code


def hubs_running(period: Period, filters: dict):
    """Hubs launched by the end of the period and not closed before it ended."""
    end = period.end
    return (
        Hub.objects.filter(launched_on__lte=end)
        .exclude(closed_on__lt=end)
        .exclude(status=Hub.Status.PLANNED)
    )


register_measure(
    Measure(
        key="hubs.hubs_running",
        label=_("Regional hubs running at the end of the period"),
        records=hubs_running,
        section=HUBS,
        order=10,
        listed=True,
    )
)
