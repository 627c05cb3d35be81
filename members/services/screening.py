"""The disputed-territory check: screening cities, re-screening after a change of the list,
and the reviewed false positives staff record."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..audit import saving
from ..eligibility import location_check, territory_matches
from ..errors import MembershipError
from ..models import (
    DisputedTerritory,
    EligibilityOverride,
    LocalGovernment,
    Membership,
    TerritoryMatch,
)
from .memberships import transition


def record_location_check(*, local_government: LocalGovernment):
    """Run the location check for one city and keep its matches for staff to see."""
    result = location_check(local_government)
    matches = [*result.matches, *result.overridden]
    with transaction.atomic():
        TerritoryMatch.objects.filter(local_government=local_government).delete()
        TerritoryMatch.objects.bulk_create(
            TerritoryMatch(local_government=local_government, territory=m.territory, rule=m.rule)
            for m in matches
        )
    return result


@audit_event("city_rescreened")
def location_changed(*, local_government: LocalGovernment, actor) -> None:
    """Re-check a city whose location changed; an open application that now fails is
    moved to "ineligible" with the reason."""
    with transaction.atomic():
        result = record_location_check(local_government=local_government)
        membership = Membership.objects.filter(local_government=local_government).first()
        if (
            result.matches
            and membership is not None
            and membership.status == Membership.Status.UNDER_REVIEW
        ):
            transition(
                membership=membership,
                to=Membership.Status.INELIGIBLE,
                actor=actor,
                reason=result.explanation,
            )


@audit_event("members_rescreened")
def rescreen_members_and_applicants() -> list[int]:
    """Re-check every member and open applicant against the current list.

    Returns the ids of the local governments inside a disputed territory. Their matches
    are stored (all earlier matches are dropped first), so staff see which members a
    change of the list affects; an application under review that now fails the check
    (and has no reviewed override) moves to "ineligible" with the reason.
    """
    territories = list(DisputedTerritory.objects.filter(is_active=True))
    affected: list[int] = []
    cities = LocalGovernment.objects.filter(
        membership__status__in=[
            Membership.Status.MEMBER,
            Membership.Status.SUSPENDED,
            *Membership.OPEN_APPLICATION,
        ]
    ).only("pk", "subdivision", "latitude", "longitude")
    with transaction.atomic():
        TerritoryMatch.objects.all().delete()
        batch = []
        for city in cities.iterator(chunk_size=2000):
            found = territory_matches(city, territories)
            if found:
                affected.append(city.pk)
                batch.extend(
                    TerritoryMatch(local_government=city, territory=m.territory, rule=m.rule)
                    for m in found
                )
        TerritoryMatch.objects.bulk_create(batch, batch_size=1000)
        under_review = Membership.objects.filter(
            local_government_id__in=affected, status=Membership.Status.UNDER_REVIEW
        ).select_related("local_government")
        for membership in under_review:
            result = location_check(membership.local_government, territories)
            if result.matches:
                transition(
                    membership=membership,
                    to=Membership.Status.INELIGIBLE,
                    actor=None,
                    reason=result.explanation,
                )
    return affected


def disputed_territories_changed() -> None:
    """Queue the re-screening once the change of the list is committed."""
    transaction.on_commit(lambda: enqueue_by_name("members.rescreen_disputed_territories"))


def save_disputed_territory(*, territory: DisputedTerritory, actor) -> DisputedTerritory:
    """Staff list a disputed territory or change one; every member and applicant is
    screened again once the change is committed."""
    with saving(territory, added="territory_listed", changed="territory_changed"):
        with transaction.atomic():
            territory.save()
            disputed_territories_changed()
    return territory


@audit_event("territory_removed")
def remove_disputed_territories(*, territories: Iterable[DisputedTerritory], actor) -> None:
    """Staff take territories off the list (their matches go with them); every member and
    applicant is screened again once the change is committed."""
    with transaction.atomic():
        for territory in territories:
            territory.delete()
        disputed_territories_changed()


@audit_event("eligibility_overridden")
def record_eligibility_override(
    *, local_government: LocalGovernment, territory: DisputedTerritory, justification: str, actor
) -> EligibilityOverride:
    """Record a reviewed false positive. Needs the dedicated permission; kept in history."""
    if not actor.has_perm("members.override_eligibility"):
        raise MembershipError(
            _("You do not have the permission to override the eligibility check."),
            code="permission",
        )
    if not justification.strip():
        raise MembershipError(
            _("Write the justification of the override."), code="justification_required"
        )
    with transaction.atomic():
        override = EligibilityOverride.objects.create(
            local_government=local_government,
            territory=territory,
            justification=justification,
            recorded_by=actor,
        )
        membership = Membership.objects.filter(local_government=local_government).first()
        if membership is not None and membership.status == Membership.Status.INELIGIBLE:
            if location_check(local_government).eligible:
                transition(
                    membership=membership,
                    to=Membership.Status.UNDER_REVIEW,
                    actor=actor,
                    reason=str(
                        _("Reviewed false positive of the disputed-territory check: %(why)s")
                        % {"why": justification}
                    ),
                )
    return override
