"""What MEL counts from membership data (``scn_portal.mel.registry``): member cities at
the end of a period, new members in a period, and the region as a way to split figures.

A city's standing on a past day is read from its status history (``MembershipTransition``):
the status the last move before the end of that day left it in; a city with no move then
stands where its first later move started from, or where it stands today. A member is
counted from the day it joined.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

from .models import (
    LocalGovernment,
    Membership,
    MembershipTransition,
    Person,
    Region,
    StrategicPriority,
)

MEMBER = Membership.Status.MEMBER


def in_scope(queryset, filters: dict, prefix: str = ""):
    """``queryset`` kept to the local governments ``filters`` name (through ``prefix``, the
    path from the model to its local government): those of ``regions``, and, when a split
    names them, those of ``cities`` (a subquery of their ids)."""
    regions = filters.get("regions")
    if regions is not None:
        queryset = queryset.filter(**{f"{prefix}region__in": regions})
    cities = filters.get("cities")
    if cities is not None:
        queryset = queryset.filter(**{f"{prefix}pk__in": cities})
    return queryset


def member_ids_on(day: datetime.date, filters: dict | None = None) -> list[int]:
    """The ids of the local governments that were members at the end of ``day`` (two
    queries, whatever the number of cities)."""
    filters = filters or {}
    memberships = in_scope(
        Membership.objects.filter(joined_on__lte=day), filters, "local_government__"
    ).values_list("pk", "local_government_id", "status")
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    moves = (
        MembershipTransition.objects.filter(membership__joined_on__lte=day)
        .order_by("at", "pk")
        .values_list("membership_id", "from_status", "to_status", "at")
    )
    for membership_id, from_status, to_status, at in moves:
        if at < end:
            before[membership_id] = to_status
        else:
            after.setdefault(membership_id, from_status)
    ids = []
    for pk, city_id, status in memberships:
        standing = before.get(pk) or after.get(pk) or status
        if standing == MEMBER:
            ids.append(city_id)
    return ids


def member_cities(period: Period, filters: dict):
    return LocalGovernment.objects.filter(pk__in=member_ids_on(period.end, filters))


def new_members(period: Period, filters: dict):
    return in_scope(
        LocalGovernment.objects.filter(
            membership__joined_on__gte=period.start, membership__joined_on__lte=period.end
        ),
        filters,
    )


def members_left(period: Period, filters: dict):
    """Cities whose membership ended in the period (withdrawn or lapsed) and that were not
    members again at its end."""
    left = MembershipTransition.objects.filter(
        from_status__in=(MEMBER, Membership.Status.SUSPENDED),
        to_status__in=(Membership.Status.WITHDRAWN, Membership.Status.LAPSED),
        at__gte=period.starts_at,
        at__lt=period.ends_at,
    ).values("membership__local_government")
    still = member_ids_on(period.end, filters)
    return in_scope(LocalGovernment.objects.filter(pk__in=left), filters).exclude(pk__in=still)


MEMBERSHIP = register_report_section(
    ReportSection(code="membership", title=_("Membership"), order=10)
).code

register_measure(
    Measure(
        key="members.member_cities",
        label=_("Member cities at the end of the period"),
        records=member_cities,
        dimensions=(REGION, HUB),
        section=MEMBERSHIP,
        order=10,
        by_region=True,
    )
)
register_measure(
    Measure(
        key="members.new_members",
        label=_("Cities that became members in the period"),
        records=new_members,
        dimensions=(REGION, HUB),
        section=MEMBERSHIP,
        order=20,
        listed=True,
    )
)
register_measure(
    Measure(
        key="members.members_left",
        label=_("Cities whose membership ended in the period"),
        records=members_left,
        dimensions=(REGION, HUB),
        section=MEMBERSHIP,
        order=30,
        listed=True,
    )
)


def _regions() -> list[DimensionOption]:
    return [
        DimensionOption(code=region.code, label=region.name, region_ids=frozenset({region.pk}))
        for region in Region.objects.all()
    ]


register_dimension(Dimension(key=REGION, label=_("Region"), options=_regions))


def _genders() -> list[DimensionOption]:
    """The genders a person's record holds; "prefers not to say" is where none is recorded."""
    return [
        DimensionOption(
            code=value, label=label, region_ids=frozenset(), criteria=((GENDER, value),)
        )
        for value, label in Person.Gender.choices
    ]


register_dimension(Dimension(key=GENDER, label=_("Gender"), options=_genders))


def _priorities() -> list[DimensionOption]:
    """The five strategic priorities: a measure that counts per priority keeps what serves
    the one asked about (``filters["priority"]``)."""
    return [
        DimensionOption(
            code=priority.code,
            label=str(priority),
            region_ids=frozenset(),
            criteria=((PRIORITY, priority.pk),),
        )
        for priority in StrategicPriority.objects.all()
    ]


register_dimension(Dimension(key=PRIORITY, label=_("Strategic priority"), options=_priorities))
