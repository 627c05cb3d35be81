"""The help desk's and needs mapping's figures for a hub's quarter (the quarterly report)."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from ..models import CapacityGap, HelpRequest, NeedsAssessment
from .coverage import cities_of_hub


def help_desk_figures(period) -> dict:
    """Requests the hub received in the period; how fast they were first answered."""
    received = HelpRequest.objects.filter(
        hub=period.hub, created_at__gte=period.start, created_at__lt=period.end
    )
    delay = ExpressionWrapper(
        F("first_response_at") - F("created_at"), output_field=DurationField()
    )
    figures = received.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(first_response_at__isnull=False)),
        within_target=Count(
            "pk",
            filter=Q(
                first_response_at__isnull=False, first_response_at__lte=F("first_response_due")
            ),
        ),
        closed=Count("pk", filter=Q(status=HelpRequest.Status.CLOSED)),
        rated=Count("rating"),
        average_rating=Avg("rating"),
    )
    average = received.filter(first_response_at__isnull=False).aggregate(delay=Avg(delay))["delay"]
    figures["average_hours"] = round(average.total_seconds() / 3600, 1) if average else None
    figures["by_category"] = [
        {"category": HelpRequest.Category(row["category"]).label, "count": row["count"]}
        for row in received.values("category")
        .annotate(count=Count("pk"))
        .order_by("-count", "category")
    ]
    return figures


def needs_figures(period) -> dict:
    """Assessments of the hub's cities dated in the period, and their gaps by severity."""
    assessments = NeedsAssessment.objects.filter(
        local_government__in=cities_of_hub(period.hub),
        assessed_on__gte=period.first_day,
        assessed_on__lte=period.last_day,
    )
    gaps = CapacityGap.objects.filter(assessment__in=assessments)
    by_severity = dict(gaps.values_list("severity").annotate(count=Count("pk")))
    return {
        "assessments": assessments.count(),
        "cities": assessments.values("local_government").distinct().count(),
        "gaps": [
            {"severity": label, "count": by_severity.get(value, 0)}
            for value, label in reversed(CapacityGap.Severity.choices)
        ],
    }
