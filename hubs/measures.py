"""What MEL counts from the hubs' data (``scn_portal.mel.registry``), and the regional hub
as a way to split figures: a hub's figure counts the cities it serves
(``selectors.coverage``: its listed countries, and its regions' other cities), and its
staff may read it.

The activities the network held in a period (those marked held that started in it), the
people who took part (seated and not marked absent, split by the gender their record
holds), the cities they came from, the youth-engagement activities, and the help-desk
requests first answered within the target. A figure of an indicator linked to a strategic
priority counts the activities tagged with that priority (``filters["priority"]``).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from members.measures import in_scope
from members.models import CountryRegion, LocalGovernment
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import (
    GENDER,
    HUB,
    PRIORITY,
    REGION,
    Dimension,
    DimensionOption,
    Measure,
    ReportSection,
    register_dimension,
    register_measure,
    register_report_section,
)

from .models import Activity, HelpRequest, Hub, Registration
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


ACTIVITIES = register_report_section(
    ReportSection(code="activities", title=_("Activities and summits"), order=25)
).code
# The strategic priority whose activities are youth engagement (City–youth engagement).
YOUTH_PRIORITY = "city-youth"


def activities_held(period: Period, filters: dict):
    """Activities marked held that started in the period; split by the region they serve,
    and, for an indicator of a priority, those tagged with it."""
    activities = Activity.objects.filter(
        status=Activity.Status.HELD,
        starts_at__gte=period.starts_at,
        starts_at__lt=period.ends_at,
    )
    if filters.get("regions") is not None:
        activities = activities.filter(region__in=filters["regions"])
    if filters.get("priority") is not None:
        activities = activities.filter(priorities=filters["priority"])
    return activities.distinct()


def participants(period: Period, filters: dict):
    """The seats taken at the activities held (registered, not marked absent); split by
    the gender the participant's record holds, where one is recorded."""
    seated = Registration.objects.filter(
        activity__in=activities_held(period, {"priority": filters.get("priority")}),
        status=Registration.Status.REGISTERED,
    ).exclude(attended=False)
    seated = in_scope(
        seated, {k: v for k, v in filters.items() if k != "priority"}, "local_government__"
    )
    if filters.get(GENDER):
        seated = seated.filter(user__person__gender=filters[GENDER])
    return seated


def cities_engaged(period: Period, filters: dict):
    """Local governments with at least one participant at an activity held in the period."""
    taking_part = participants(period, {"priority": filters.get("priority")}).values(
        "local_government"
    )
    return in_scope(LocalGovernment.objects.filter(pk__in=taking_part), filters)


def youth_activities(period: Period, filters: dict):
    """Activities held in the period tagged with City–youth engagement."""
    return activities_held(period, {**filters, "priority": None}).filter(
        priorities__code=YOUTH_PRIORITY
    )


def requests_answered_in_time(period: Period, filters: dict):
    """Help-desk requests asked in the period whose first answer came by its due time."""
    return in_scope(
        HelpRequest.objects.filter(
            created_at__gte=period.starts_at,
            created_at__lt=period.ends_at,
            first_response_at__isnull=False,
            first_response_at__lte=F("first_response_due"),
        ),
        filters,
        "local_government__",
    )


def share_answered_in_time(period: Period, filters: dict) -> Decimal:
    asked = in_scope(
        HelpRequest.objects.filter(created_at__gte=period.starts_at, created_at__lt=period.ends_at),
        filters,
        "local_government__",
    ).count()
    if not asked:
        return Decimal(0)
    in_time = requests_answered_in_time(period, filters).count()
    return (Decimal(in_time) * 100 / asked).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


register_measure(
    Measure(
        key="hubs.activities_held",
        label=_("Activities held in the period"),
        records=activities_held,
        dimensions=(REGION, HUB, PRIORITY),
        by_priority=True,
        section=ACTIVITIES,
        order=10,
        by_region=True,
    )
)
register_measure(
    Measure(
        key="hubs.participants",
        label=_("Participants in the activities held"),
        records=participants,
        dimensions=(REGION, HUB, GENDER, PRIORITY),
        by_priority=True,
        section=ACTIVITIES,
        order=20,
    )
)
register_measure(
    Measure(
        key="hubs.cities_engaged",
        label=_("Cities engaged in at least one activity"),
        records=cities_engaged,
        dimensions=(REGION, HUB, PRIORITY),
        by_priority=True,
        section=ACTIVITIES,
        order=30,
        by_region=True,
    )
)
register_measure(
    Measure(
        key="hubs.youth_activities",
        label=_("Youth-engagement activities held"),
        records=youth_activities,
        dimensions=(REGION, HUB),
        section=ACTIVITIES,
        order=40,
        listed=True,
    )
)
register_measure(
    Measure(
        key="hubs.help_requests_in_time",
        label=_("Help-desk requests first answered within the target"),
        records=requests_answered_in_time,
        dimensions=(REGION, HUB),
        section=HUBS,
        order=20,
    )
)
register_measure(
    Measure(
        key="hubs.help_requests_in_time_share",
        label=_("Share of help-desk requests first answered within the target (%)"),
        records=requests_answered_in_time,
        value=share_answered_in_time,
        dimensions=(REGION, HUB),
        section=HUBS,
        order=30,
    )
)
