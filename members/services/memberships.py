"""The state machine of a membership: every move of its status goes through ``transition``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.queueing import enqueue_by_name

from ..errors import MembershipError
from ..models import Membership, MembershipTransition


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
    enqueue_by_name("members.notify_membership_decision", transition_id=transition_id)
