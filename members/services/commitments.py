"""Commitments of a city to the guiding principles."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event

from ..errors import MembershipError
from ..models import Commitment, GuidingPrinciple, LocalGovernment, Membership, PrincipleVersion


@audit_event("commitment_recorded")
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
    """Record a commitment to every principle of ``version``; all must be agreed.

    A city commits once to a version (a database constraint). While its application is a
    draft, posting the signatory step again corrects that commitment: a new letter
    replaces the earlier one, whose file is deleted once the change is committed. Once the
    application is submitted (or the city is a member), a second commitment to the same
    version is refused. The city's row is locked first, so two posts at once cannot both
    record one.
    """
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
        city = LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
        commitment = Commitment.objects.filter(local_government=city, version=version).first()
        if commitment is not None:
            status = (
                Membership.objects.filter(local_government=city)
                .values_list("status", flat=True)
                .first()
            )
            if status != Membership.Status.APPLICANT:
                raise MembershipError(
                    _("%(city)s has already committed to the guiding principles (%(version)s)."),
                    code="already_committed",
                    params={"city": city.name, "version": version.label},
                )
        else:
            commitment = Commitment(local_government=city, version=version)
        commitment.signatory_name = signatory_name
        commitment.signatory_title = signatory_title
        commitment.signatory_role = signatory_role
        commitment.delegation_note = delegation_note
        commitment.signed_on = signed_on
        commitment.submitted_by = actor
        replaced = None
        if letter:
            if commitment.letter:
                replaced = commitment.letter.name
            commitment.letter = letter
        commitment.full_clean()
        commitment.save()
        commitment.principles.set(agreed)
        if replaced:
            storage = commitment.letter.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return commitment
