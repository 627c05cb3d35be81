"""Membership certificates: issuing one, revoking them, and the signatory staff set.

A certificate is revoked when the membership stops being active: every move of the state
machine away from "member" (suspended, withdrawn, lapsed) revokes the city's certificates
in the same transaction (``memberships.transition`` calls ``revoke_city_certificates``).
A reinstated member asks for a new one; the old ones stay revoked, because what they said
was interrupted. Whether a genuine certificate's membership is current *today* (the
principles recommitted, no disputed-territory flag) is not frozen here: the verification
page asks ``members.eligibility`` each time it is opened.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from scn_portal.audit.events import audit_event

from ..audit import saving
from ..errors import MembershipError
from ..models import (
    Certificate,
    CertificateSettings,
    LocalGovernment,
    Membership,
    MembershipTransition,
)


def _locked_settings() -> CertificateSettings | None:
    """The settings row, locked: issuing holds it, so numbers are given one at a time."""
    return (
        CertificateSettings.objects.select_for_update()
        .filter(pk=CertificateSettings.SINGLETON_PK)
        .first()
    )


def _signatory(settings_row: CertificateSettings, languages: list[str]) -> dict:
    """The signatory's name and title in each language (English where untranslated)."""
    printed = {}
    for language in languages:
        with override(language):
            printed[language] = {
                "name": settings_row.signatory_name,
                "title": settings_row.signatory_title,
            }
    return printed


@audit_event("certificate_issued")
def issue_certificate(*, city: LocalGovernment, language: str, actor) -> Certificate:
    """Issue a certificate to ``city``, written in ``language`` and English.

    Gives it the next number of the year and a fresh verification code, and keeps what it
    states (member since, the signatory as staff set it today). Refused with a
    ``MembershipError`` when the city is not a member or staff have not named the
    signatory yet. Who may ask is the caller's question (``members.request_certificate``).
    """
    with transaction.atomic():
        settings_row = _locked_settings()
        membership = Membership.objects.select_for_update().filter(local_government=city).first()
        if membership is None or membership.status != Membership.Status.MEMBER:
            raise MembershipError(
                _(
                    "A membership certificate is issued only to members of the network, and "
                    "%(city)s is not a member."
                ),
                code="not_member",
                params={"city": city.name},
            )
        if settings_row is None or not settings_row.signatory_name:
            raise MembershipError(
                _(
                    "Certificates cannot be issued yet: the Management Unit has not named "
                    "the signatory. Please try again later."
                ),
                code="no_signatory",
            )
        year = timezone.localdate().year
        last = Certificate.objects.filter(year=year).aggregate(last=Max("sequence"))["last"]
        sequence = (last or 0) + 1
        certificate = Certificate(
            local_government=city,
            year=year,
            sequence=sequence,
            number=Certificate.format_number(year, sequence),
            language=language,
            member_since=membership.joined_on,
            issued_by=actor,
        )
        certificate.signatory = _signatory(settings_row, certificate.languages)
        certificate.save()
    return certificate


@audit_event("certificate_revoked")
def revoke_certificate(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Staff revoke one certificate (issued in error, misused). The reason is kept for
    staff; the verification page says only that it was revoked, and since when."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Give the reason for revoking the certificate."), code="reason")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            raise MembershipError(
                _("Certificate %(number)s was already revoked."),
                code="already_revoked",
                params={"number": locked.number},
            )
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    certificate.refresh_from_db()
    return certificate


@audit_event("certificate_revoked")
def revoke_city_certificates(*, move: MembershipTransition, actor) -> int:
    """Revoke every valid certificate of the city whose membership ``move`` ended (called by
    ``memberships.transition``, inside its transaction). Returns how many."""
    revoked = 0
    certificates = Certificate.objects.valid().filter(
        local_government_id=move.membership.local_government_id
    )
    for certificate in certificates.select_for_update():
        certificate.revoked_at = move.at or timezone.now()
        certificate.revoked_by = actor
        certificate.ended_membership = move
        certificate.save(update_fields=["revoked_at", "revoked_by", "ended_membership"])
        revoked += 1
    return revoked


def save_certificate_settings(*, settings_row: CertificateSettings, actor) -> CertificateSettings:
    """Staff set the signatory printed on certificates issued from now on (those issued
    before keep theirs)."""
    settings_row.pk = CertificateSettings.SINGLETON_PK
    with saving(
        settings_row,
        added="certificate_settings_changed",
        changed="certificate_settings_changed",
    ):
        with transaction.atomic():
            settings_row.save()
    return settings_row
