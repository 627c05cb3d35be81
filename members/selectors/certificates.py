"""Reads of membership certificates: the verification page's lookup, a city's certificates,
and the signatory staff set."""

from dataclasses import dataclass

from ..eligibility import may_hold_member_benefits
from ..models import Certificate, CertificateSettings, LocalGovernment
from ..models.certificates import CODE_LENGTH


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate whose verification code is ``code`` (any case, spaces around it
    ignored), or None. Never by number: the number is printed for people to read, the code
    is what proves one holds the certificate."""
    code = code.strip().lower()
    if len(code) != CODE_LENGTH:
        return None
    return Certificate.objects.filter(code=code).select_related("local_government").first()


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    # Whether the city may hold member benefits today; None for a revoked certificate
    # (the page then says only that it was revoked, and since when).
    current: bool | None


def verify(certificate: Certificate) -> Verification:
    if certificate.is_revoked:
        return Verification(certificate=certificate, current=None)
    return Verification(
        certificate=certificate, current=may_hold_member_benefits(certificate.local_government)
    )


def certificates_of(city: LocalGovernment) -> list[Certificate]:
    """The city's certificates, newest first (for its officials' page)."""
    return list(Certificate.objects.filter(local_government=city).order_by("-issued_at", "-pk"))


def certificate_settings() -> CertificateSettings | None:
    return CertificateSettings.objects.filter(pk=CertificateSettings.SINGLETON_PK).first()
