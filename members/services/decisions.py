"""Staff's decisions: each refusal carries its reason; a request that waits for them (a
claim to act for a city, a change of location) is locked while decided, so two staff
members cannot both decide one."""

from django.db import models
from django.utils import timezone

from ..errors import MembershipError


def require_reason(reason: str, missing) -> None:
    """Refuse a decision without the reason the people concerned will read (``missing``:
    the message that says so)."""
    if not reason.strip():
        raise MembershipError(missing, code="reason_required")


def lock_pending(model: type[models.Model], pk: int, *, decided: MembershipError, related=()):
    """The row, locked, if it still waits for a decision; ``decided`` is raised otherwise."""
    locked = model.objects.select_for_update().select_related(*related).get(pk=pk)
    if locked.status != model.Status.PENDING:
        raise decided
    return locked


def record_decision(row: models.Model, *, status: str, actor, note: str) -> None:
    """Record who decided ``row``, when, why, and what."""
    row.status = status
    row.decided_by, row.decided_at, row.decision_note = actor, timezone.now(), note
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
