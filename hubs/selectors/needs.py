"""The needs map: capacity gaps counted by priority, by country and by year, for the cities
a hub serves (or the whole network), in a constant number of queries."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django_countries.fields import Country

from members.models import StrategicPriority

from ..models import CapacityGap, NeedsAssessment

_SEVERITY_COUNTS = {
    f"severity_{value}": Count("pk", filter=Q(severity=value))
    for value in CapacityGap.Severity.values
}


def _rows(gaps: QuerySet, *group_by: str) -> list[dict]:
    return list(
        gaps.values(*group_by)
        .annotate(
            total=Count("pk"),
            cities=Count("assessment__local_government", distinct=True),
            **_SEVERITY_COUNTS,
        )
        .order_by(*group_by)
    )


def needs_map(cities: QuerySet | None) -> dict:
    """Gaps of the cities in ``cities`` (None: every city), in five queries."""
    assessments = NeedsAssessment.objects.all()
    gaps = CapacityGap.objects.all()
    if cities is not None:
        assessments = assessments.filter(local_government__in=cities)
        gaps = gaps.filter(assessment__local_government__in=cities)
    priorities = {p.pk: p for p in StrategicPriority.objects.all()}
    by_priority = _rows(gaps, "priority")
    for row in by_priority:
        row["priority"] = priorities.get(row["priority"])
    by_country = _rows(gaps, "assessment__local_government__country")
    for row in by_country:
        row["country"] = Country(row.pop("assessment__local_government__country"))
    by_country.sort(key=lambda row: (-row["total"], str(row["country"].name)))
    return {
        "assessments": assessments.count(),
        "by_priority": by_priority,
        "by_country": by_country,
        "by_year": _rows(gaps.annotate(year=ExtractYear("assessment__assessed_on")), "year"),
    }
