"""Needs assessments: recorded by hub staff or the central team in the admin, or submitted
by a city official from the portal."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import LocalGovernment, StrategicPriority
from scn_portal.audit.events import audit_event

from ..models import CapacityGap, NeedsAssessment
from ..selectors.coverage import hub_for_city


def _check_date(assessed_on: datetime.date | None) -> None:
    if assessed_on is not None and assessed_on > timezone.localdate():
        raise ValidationError(
            {"assessed_on": _("An assessment cannot be dated in the future.")},
            code="future_assessment",
        )


@audit_event("needs_assessment_recorded")
@transaction.atomic
def record_needs_assessment(*, assessment: NeedsAssessment, actor) -> NeedsAssessment:
    """Save an assessment staff entered in the admin (the admin saves its gaps after it).

    The caller checks that ``actor`` may see the city (the admin's scoped choices do).
    Whether it was the hub or the central team follows from who records it.
    """
    _check_date(assessment.assessed_on)
    if assessment.pk is None:
        assessment.recorded_by = actor
        if assessment.source != NeedsAssessment.Source.CITY:
            from ..rules import staff_hub_ids

            assessment.source = (
                NeedsAssessment.Source.HUB
                if staff_hub_ids(actor)
                else NeedsAssessment.Source.CENTRAL_TEAM
            )
    assessment.save()
    return assessment


@audit_event("needs_assessment_submitted")
@transaction.atomic
def submit_needs_assessment(
    *,
    city: LocalGovernment,
    actor,
    priorities: list[StrategicPriority],
    current_capacities: str,
    support_requested: str,
    gaps: list[dict],
) -> NeedsAssessment:
    """A city official's own assessment of their city's needs, dated today.

    The caller checks that ``actor`` acts for ``city`` (``hubs.submit_needs_assessment``).
    ``gaps`` are dicts of ``priority``, ``description`` and ``severity``; at least one gap
    or a request for support is needed.
    """
    if not gaps and not support_requested.strip():
        raise ValidationError(
            _("Describe at least one gap or the support the city asks for."), code="empty"
        )
    assessment = NeedsAssessment.objects.create(
        local_government=city,
        source=NeedsAssessment.Source.CITY,
        current_capacities=current_capacities,
        support_requested=support_requested,
        recorded_by=actor,
    )
    assessment.priorities.set({*priorities, *(gap["priority"] for gap in gaps)})
    CapacityGap.objects.bulk_create(
        CapacityGap(
            assessment=assessment,
            priority=gap["priority"],
            description=gap["description"],
            severity=gap["severity"],
        )
        for gap in gaps
    )
    return assessment


def hub_of_assessment(assessment: NeedsAssessment):
    """The hub that serves the assessed city today (None: the central team)."""
    return hub_for_city(assessment.local_government)
