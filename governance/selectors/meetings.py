"""Reads about ISC meetings: their local time, and how many a year has."""

import zoneinfo
from datetime import date, datetime

from django.db.models import Count
from django.utils import timezone

from ..models import Meeting

MEETINGS_PER_YEAR = 2


def local_start(meeting: Meeting) -> datetime:
    """The meeting's start as wall-clock time in its own time zone (aware)."""
    return meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))


def meetings_per_year(years) -> dict[int, int]:
    counts = dict.fromkeys(years, 0)
    rows = (
        Meeting.objects.filter(starts_at__year__in=list(counts))
        .order_by()  # the default ordering would split the groups
        .values_list("starts_at__year")
        .annotate(n=Count("pk"))
    )
    for year, n in rows:
        counts[year] = n
    return counts


def years_with_too_few_meetings(*, today: date | None = None) -> list[tuple[int, int]]:
    """This year, and each later year with a meeting scheduled, if it has fewer than two."""
    today = today or timezone.localdate()
    later = set(
        Meeting.objects.filter(starts_at__year__gt=today.year).values_list(
            "starts_at__year", flat=True
        )
    )
    counts = meetings_per_year({today.year} | later)
    return [(year, n) for year, n in sorted(counts.items()) if n < MEETINGS_PER_YEAR]
