"""Requests to act for a city the network knows: asked in the portal, decided by staff."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import MembershipError
from ..models import ActingClaim, LocalGovernment, Official, Person


def confirm_acting_claim(*, claim: ActingClaim, actor, note: str = "") -> Official:
    """Confirm that ``claim``'s user acts for the city: the user gets a Person (if they had
    none) and an active Official row with the claimed role. Refused unless pending.

    The caller checks that ``actor`` may decide claims.
    """
    with transaction.atomic():
        locked = ActingClaim.objects.select_for_update().select_related("user").get(pk=claim.pk)
        if locked.status != ActingClaim.Status.PENDING:
            raise MembershipError(_("This request has already been decided."), code="claim_decided")
        user = locked.user
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(
                user=user,
                full_name=user.get_full_name(),
                email=user.email,
                title=locked.position,
            )
        official, created = Official.objects.get_or_create(
            person=person, local_government_id=locked.local_government_id, role=locked.role
        )
        if not created and not official.is_active:
            official.is_active = True
            official.save(update_fields=["is_active"])
        locked.status = ActingClaim.Status.CONFIRMED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        claim.refresh_from_db()
    return official


def refuse_acting_claim(*, claim: ActingClaim, actor, reason: str) -> ActingClaim:
    """Refuse a pending claim, with the reason the person will read. Grants nothing."""
    if not reason.strip():
        raise MembershipError(_("Give the reason for the refusal."), code="reason_required")
    with transaction.atomic():
        locked = ActingClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != ActingClaim.Status.PENDING:
            raise MembershipError(_("This request has already been decided."), code="claim_decided")
        locked.status = ActingClaim.Status.REFUSED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        claim.refresh_from_db()
    return claim


def ask_to_act_for(
    *, local_government: LocalGovernment, user, role: str, position: str, note: str = ""
) -> ActingClaim:
    """Ask to act for a city already known. Gives no access until staff confirm it."""
    with transaction.atomic():
        if LocalGovernment.objects.acted_for_by(user).filter(pk=local_government.pk).exists():
            raise MembershipError(
                _("You already act for %(city)s."),
                code="already_official",
                params={"city": local_government.name},
            )
        if ActingClaim.objects.filter(
            local_government=local_government, user=user, status=ActingClaim.Status.PENDING
        ).exists():
            raise MembershipError(
                _("You have already asked to act for %(city)s; the Management Unit will answer."),
                code="claim_pending",
                params={"city": local_government.name},
            )
        try:
            with transaction.atomic():
                return ActingClaim.objects.create(
                    local_government=local_government,
                    user=user,
                    role=role,
                    position=position,
                    note=note,
                )
        except IntegrityError as exc:  # the same request sent twice at once
            raise MembershipError(
                _("You have already asked to act for %(city)s; the Management Unit will answer."),
                code="claim_pending",
                params={"city": local_government.name},
            ) from exc
