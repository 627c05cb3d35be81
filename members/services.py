"""Every change of state of a membership, a commitment or the disputed-territory list.

Services take keyword-only arguments, run in a transaction, check their own rules and
raise ``MembershipError`` (a ValidationError with a translated message) when a rule
refuses. Callers (views, admin actions, tasks) check who may act; services check what
may happen.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.queueing import enqueue

from .eligibility import location_check, territory_matches
from .models import (
    Commitment,
    DisputedTerritory,
    EligibilityOverride,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    MembershipTerms,
    MembershipTransition,
    PrincipleVersion,
    TerritoryMatch,
)


class MembershipError(ValidationError):
    """A rule of the membership lifecycle refused the change; the message says which."""


def transition(*, membership: Membership, to: str, actor, reason: str = "") -> MembershipTransition:
    """Move ``membership`` to ``to`` if the state machine allows it, and record the move.

    Locks the row, so two staff members deciding at once cannot both move it.
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.can_move_to(to):
            raise MembershipError(
                _("A membership cannot go from “%(from)s” to “%(to)s”."),
                code="transition_refused",
                params={
                    "from": locked.get_status_display(),
                    "to": Membership.Status(to).label,
                },
            )
        record = MembershipTransition.objects.create(
            membership=locked,
            from_status=locked.status,
            to_status=to,
            actor=actor,
            reason=reason,
        )
        locked.status = to
        locked.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at"]
        if to == Membership.Status.MEMBER and locked.joined_on is None:
            locked.joined_on = timezone.localdate()
            fields.append("joined_on")
        locked.save(update_fields=fields)
        membership.refresh_from_db()
        transaction.on_commit(lambda: _notify(record.pk))
    return record


def _notify(transition_id: int) -> None:
    from .tasks import notify_membership_decision

    enqueue(notify_membership_decision, transition_id=transition_id)


# --- Applications -----------------------------------------------------------------


def start_application(*, local_government: LocalGovernment, actor) -> Membership:
    """Open an application for ``local_government`` (a draft the official fills in steps).

    Refuses a second application while one is open, and a city that is already a member.
    """
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(
            local_government=local_government
        )
        if membership.is_open_application:
            raise MembershipError(
                _("%(city)s already has an open application."),
                code="application_open",
                params={"city": local_government.name},
            )
        if membership.status in (Membership.Status.MEMBER, Membership.Status.SUSPENDED):
            raise MembershipError(
                _("%(city)s is already a member of the network."),
                code="already_member",
                params={"city": local_government.name},
            )
        transition(membership=membership, to=Membership.Status.APPLICANT, actor=actor)
        membership.application_step = 0
        membership.application_started_at = timezone.now()
        membership.applied_by = actor
        membership.submitted_at = None
        membership.save(
            update_fields=[
                "application_step",
                "application_started_at",
                "applied_by",
                "submitted_at",
            ]
        )
    return membership


def submit_application(*, membership: Membership, actor) -> MembershipTransition:
    """Submit a completed draft: the eligibility check runs now and explains itself.

    A city inside a disputed territory goes to "ineligible" with the territory and the
    rule named; otherwise the application goes to the Management Unit for review.
    """
    with transaction.atomic():
        lg = membership.local_government
        current = PrincipleVersion.objects.current()
        if current and not Commitment.objects.filter(local_government=lg, version=current).exists():
            raise MembershipError(
                _("Commit to every guiding principle before you submit the application."),
                code="commitment_missing",
            )
        result = record_location_check(local_government=lg)
        if result.matches:
            record = transition(
                membership=membership,
                to=Membership.Status.INELIGIBLE,
                actor=actor,
                reason=" ".join(m.explanation for m in result.matches),
            )
        else:
            record = transition(
                membership=membership, to=Membership.Status.UNDER_REVIEW, actor=actor
            )
        membership.submitted_at = timezone.now()
        membership.save(update_fields=["submitted_at"])
    return record


def approve_membership(*, membership: Membership, actor, reason: str = "") -> MembershipTransition:
    """Approve an application under review. Refused while the location check fails."""
    with transaction.atomic():
        lg = membership.local_government
        result = record_location_check(local_government=lg)
        if result.matches:
            raise MembershipError(
                _("This application cannot be approved: %(why)s"),
                code="ineligible",
                params={"why": " ".join(m.explanation for m in result.matches)},
            )
        current = PrincipleVersion.objects.current()
        if current and not Commitment.objects.filter(local_government=lg, version=current).exists():
            raise MembershipError(
                _(
                    "This application cannot be approved: there is no commitment to the "
                    "current guiding principles."
                ),
                code="commitment_missing",
            )
        if membership.status != Membership.Status.UNDER_REVIEW:
            raise MembershipError(
                _("Only an application under review can be approved."), code="not_under_review"
            )
        record = transition(
            membership=membership, to=Membership.Status.MEMBER, actor=actor, reason=reason
        )
        terms = MembershipTerms.objects.current()
        if terms is not None:
            membership.terms = terms
            membership.save(update_fields=["terms"])
    return record


def reject_membership(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    if not reason.strip():
        raise MembershipError(_("Give the reason for the rejection."), code="reason_required")
    return transition(
        membership=membership, to=Membership.Status.REJECTED, actor=actor, reason=reason
    )


def request_more_information(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    """Send an application back to the official as a draft, saying what is missing."""
    if not reason.strip():
        raise MembershipError(_("Say what information is needed."), code="reason_required")
    return transition(
        membership=membership, to=Membership.Status.APPLICANT, actor=actor, reason=reason
    )


# --- Commitments ----------------------------------------------------------------------


def record_commitment(
    *,
    local_government: LocalGovernment,
    version: PrincipleVersion,
    agreed: Iterable[GuidingPrinciple],
    signatory_name: str,
    signatory_title: str,
    signatory_role: str,
    signed_on: date,
    actor,
    delegation_note: str = "",
    letter=None,
) -> Commitment:
    """Record a commitment to every principle of ``version``; all must be agreed."""
    agreed = list(agreed)
    required = set(version.principles.values_list("pk", flat=True))
    if not required or {p.pk for p in agreed} != required:
        raise MembershipError(
            _("Agree to each of the guiding principles to commit."), code="not_every_principle"
        )
    if signatory_role == Commitment.SignatoryRole.DELEGATE and not delegation_note.strip():
        raise MembershipError(
            _("Explain the delegation when a delegate signs."), code="delegation_missing"
        )
    if signed_on > timezone.localdate():
        raise MembershipError(_("The signature date cannot be in the future."), code="future")
    with transaction.atomic():
        commitment = Commitment(
            local_government=local_government,
            version=version,
            signatory_name=signatory_name,
            signatory_title=signatory_title,
            signatory_role=signatory_role,
            delegation_note=delegation_note,
            signed_on=signed_on,
            submitted_by=actor,
        )
        if letter:
            commitment.letter = letter
        commitment.full_clean()
        commitment.save()
        commitment.principles.set(agreed)
    return commitment


# --- The disputed-territory check --------------------------------------------------


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
                reason=" ".join(m.explanation for m in result.matches),
            )


def rescreen_members_and_applicants() -> list[int]:
    """Re-check every member and open applicant against the current list.

    Returns the ids of the local governments inside a disputed territory; their matches
    are stored so staff see which members a change of the list affects.
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
        TerritoryMatch.objects.filter(local_government__in=cities).delete()
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
    return affected


def disputed_territories_changed() -> None:
    """Queue the re-screening once the change of the list is committed."""
    from .tasks import rescreen_disputed_territories

    transaction.on_commit(lambda: enqueue(rescreen_disputed_territories))


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
