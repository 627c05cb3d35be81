"""Reads about applications as a whole, for the retention of applicants' personal data."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from ..models import LocalGovernment, Membership, MembershipTransition

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


# Statuses of an application that ended (or stalled) without the city becoming a member.
NEVER_APPROVED = (
    Membership.Status.APPLICANT,
    Membership.Status.INELIGIBLE,
    Membership.Status.REJECTED,
    Membership.Status.WITHDRAWN,
)


def stale_never_approved_applications(*, before) -> QuerySet[LocalGovernment]:
    """Cities that never became members and whose application has been still since ``before``.

    The last activity is the latest of: the application started, submitted, its status
    changed. An application under review is never stale (staff owe it a decision).
    """
    moment = datetime.datetime.combine(before, datetime.time.min, tzinfo=datetime.UTC)
    became_member = MembershipTransition.objects.filter(
        membership__local_government=OuterRef("pk"), to_status=Membership.Status.MEMBER
    )
    return (
        LocalGovernment.objects.filter(
            membership__status__in=NEVER_APPROVED, membership__joined_on__isnull=True
        )
        .annotate(
            last_activity=Greatest(
                Coalesce("membership__application_started_at", Value(EPOCH)),
                Coalesce("membership__submitted_at", Value(EPOCH)),
                Coalesce("membership__status_changed_at", Value(EPOCH)),
            )
        )
        .filter(last_activity__lt=moment)
        .exclude(Exists(became_member))
    )
