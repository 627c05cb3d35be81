"""The state machine of a membership: every move of its status goes through ``transition``;
and the membership record staff keep in the admin."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name

from ..errors import MembershipError
from ..models import Membership, MembershipTerms, MembershipTransition
from .certificates import revoke_city_certificates

S = Membership.Status
# The audit event of a move, by the status it reaches (see ``transition_event``).
EVENT_OF_STATUS = {
    S.APPLICANT: "application_started",
    S.UNDER_REVIEW: "application_submitted",
    S.INELIGIBLE: "application_found_ineligible",
    S.MEMBER: "membership_approved",
    S.REJECTED: "membership_rejected",
    S.SUSPENDED: "membership_suspended",
    S.WITHDRAWN: "membership_withdrawn",
    S.LAPSED: "membership_lapsed",
}
# Moves whose name depends on where the membership comes from.
EVENT_OF_MOVE = {
    (S.UNDER_REVIEW, S.APPLICANT): "more_information_requested",
    (S.INELIGIBLE, S.APPLICANT): "more_information_requested",
    (S.INELIGIBLE, S.UNDER_REVIEW): "application_review_resumed",
    (S.SUSPENDED, S.MEMBER): "membership_reinstated",
    (S.LAPSED, S.MEMBER): "membership_reinstated",
}
del S


def transition_event(from_status: str, to_status: str) -> str:
    """The audit event of moving a membership from ``from_status`` to ``to_status``."""
    return EVENT_OF_MOVE.get((from_status, to_status)) or EVENT_OF_STATUS[to_status]


def transition(*, membership: Membership, to: str, actor, reason: str = "") -> MembershipTransition:
    """Move ``membership`` to ``to`` if the state machine allows it, and record the move.

    Locks the row, so two staff members deciding at once cannot both move it. The audit
    entries are named after the move (``transition_event``); the officials are emailed
    about a staff decision once the change is committed. A move away from "member"
    (suspended, withdrawn, lapsed) revokes the city's membership certificates with it.
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
        with audit_event(transition_event(locked.status, to)):
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
        if record.from_status == Membership.Status.MEMBER:
            revoke_city_certificates(move=record, actor=actor)
        membership.refresh_from_db()
        transaction.on_commit(lambda: _notify(record.pk))
    return record


def _notify(transition_id: int) -> None:
    enqueue_by_name("members.notify_membership_decision", transition_id=transition_id)


@audit_event("prospect_recorded")
def record_prospect(*, membership: Membership, actor) -> Membership:
    """Record in the admin that the network works with the city of the unsaved
    ``membership``, which is not a member (status "engaged non-member"). Refused if the
    city has a membership already."""
    city = membership.local_government
    with transaction.atomic():
        if Membership.objects.filter(local_government=city).exists():
            raise MembershipError(
                _("%(city)s already has a membership record."),
                code="membership_exists",
                params={"city": city.name},
            )
        membership.status = Membership.Status.PROSPECT
        membership.save()
    return membership


@audit_event("membership_record_corrected")
def correct_membership_record(
    *, membership: Membership, joined_on: date | None, terms: MembershipTerms | None, actor
) -> Membership:
    """Staff correct what the decisions do not set themselves: the date the city joined and
    the terms of reference it accepted. The status changes only through ``transition``."""
    with transaction.atomic():
        membership.joined_on, membership.terms = joined_on, terms
        membership.save(update_fields=["joined_on", "terms"])
    return membership
