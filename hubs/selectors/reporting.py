"""The figures of a hub's quarter (the quarterly report): activities held and who took part,
the help desk, needs mapping."""

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from members.models import Person

from ..models import Activity, CapacityGap, HelpRequest, NeedsAssessment, Registration
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


def activity_figures(period) -> dict:
    """The hub's activities held in the period (by their start), their registrations and
    attendance, and who took part (a seat held and not marked absent) by city and by gender
    where the person's gender is recorded. Five queries, whatever the numbers."""
    held = Activity.objects.filter(
        hub=period.hub,
        status=Activity.Status.HELD,
        starts_at__gte=period.start,
        starts_at__lt=period.end,
    )
    seats = Registration.objects.filter(activity__in=held, status=Registration.Status.REGISTERED)
    activities = list(
        held.annotate(
            registered=Count("registrations", filter=Q(registrations__status="registered")),
            attended_count=Count(
                "registrations",
                filter=Q(registrations__status="registered", registrations__attended=True),
            ),
        ).order_by("starts_at", "pk")
    )
    totals = seats.aggregate(
        registered=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        absent=Count("pk", filter=Q(attended=False)),
        unrecorded=Count("pk", filter=Q(attended__isnull=True)),
    )
    took_part = seats.exclude(attended=False)
    by_city = [
        {"city": row["local_government__name"], "count": row["count"]}
        for row in took_part.filter(local_government__isnull=False)
        .values("local_government__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "local_government__name")
    ]
    no_city = took_part.filter(local_government__isnull=True).count()
    genders = dict(
        took_part.exclude(user__person__gender__isnull=True)
        .values_list("user__person__gender")
        .annotate(count=Count("pk"))
    )
    by_gender = [
        {"gender": label, "count": genders.get(value, 0)}
        for value, label in Person.Gender.choices
        if value != Person.Gender.UNDISCLOSED
    ]
    participants = sum(row["count"] for row in by_city) + no_city
    return {
        "held": len(activities),
        "activities": activities,
        "participants": participants,
        "by_city": by_city,
        "without_city": no_city,
        "by_gender": by_gender,
        "gender_unrecorded": participants - sum(row["count"] for row in by_gender),
        **totals,
    }
