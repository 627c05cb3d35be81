"""Requests to act for a city the network knows: asked in the portal, decided by staff."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event

from ..errors import MembershipError
from ..models import ActingClaim, LocalGovernment, Official
from .decisions import lock_pending, record_decision, require_reason
from .people import make_official, person_for_user


@audit_event("acting_claim_confirmed")
def confirm_acting_claim(*, claim: ActingClaim, actor, note: str = "") -> Official:
    """Confirm that ``claim``'s user acts for the city: the user gets a Person (if they had
    none) and an active Official row with the claimed role. Refused unless pending.

    The caller checks that ``actor`` may decide claims.
    """
    with transaction.atomic():
        locked = lock_pending(ActingClaim, claim.pk, decided=_decided(), related=["user"])
        person = person_for_user(user=locked.user, title=locked.position)
        official = make_official(
            person=person, local_government_id=locked.local_government_id, role=locked.role
        )
        record_decision(locked, status=ActingClaim.Status.CONFIRMED, actor=actor, note=note)
        claim.refresh_from_db()
    return official


@audit_event("acting_claim_refused")
def refuse_acting_claim(*, claim: ActingClaim, actor, reason: str) -> ActingClaim:
    """Refuse a pending claim, with the reason the person will read. Grants nothing."""
    require_reason(reason, _("Give the reason for the refusal."))
    with transaction.atomic():
        locked = lock_pending(ActingClaim, claim.pk, decided=_decided())
        record_decision(locked, status=ActingClaim.Status.REFUSED, actor=actor, note=reason)
        claim.refresh_from_db()
    return claim


def _decided() -> MembershipError:
    return MembershipError(_("This request has already been decided."), code="claim_decided")


@audit_event("acting_claim_made")
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
