"""The membership certificate: a PDF, bilingual (the city's language and English).

Requested only through ``request_certificate``, which knows the city and checks that the
requester acts for it: the report framework's generic form asks for a kind and a
language, not for a city, so the kind is kept out of it (``in_request_form=False``).
Each request issues a certificate (``members.services.certificates``): a record with its
number and verification code, which the PDF prints with the verification link and its QR
code. Rendering again reads the record, so the PDF says what was issued.
"""

import rules
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from scn_portal.reports.models import ReportRequest
from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.services import ReportNotAllowed, request_report

from .models import Certificate, Commitment, LocalGovernment, Membership
from .rules import may_request_certificates
from .services import certificates

CERTIFICATE = "membership_certificate"

# Languages a certificate can be written in besides English (the portal's languages).
CERTIFICATE_LANGUAGES = ("ar", "fr", "es")
# The printed QR code: medium error correction survives a crease or a stain, and 8 pixels a
# module print sharp at the size the certificate gives it.
QR_ERROR = "m"
QR_SCALE = 8


def request_certificate(*, city: LocalGovernment, actor, language: str) -> ReportRequest:
    """Issue a membership certificate to ``city`` and queue its PDF (rendered in the
    background).

    Raises ``ReportNotAllowed`` unless ``actor`` is Management Unit staff or acts for
    ``city`` (views answer 404), ``MembershipError`` (a message for the person) when
    ``city`` is not a member today, and ``TooManyReports`` past the hourly limit; a refusal
    issues nothing (no number is used up). ``language`` is the requester's; the
    certificate is written in the city's language and English.
    """
    if not rules.has_perm("members.request_certificate", actor, city):
        raise ReportNotAllowed(CERTIFICATE)
    with transaction.atomic():
        certificate = certificates.issue_certificate(
            city=city, language=certificate_languages(city, language)[0], actor=actor
        )
        return request_report(
            kind=CERTIFICATE,
            language=language,
            actor=actor,
            parameters={"city": str(city.code), "certificate": certificate.number},
        )


def certificate_languages(city: LocalGovernment, requested: str) -> list[str]:
    """The city's language (the first of its languages of work the portal speaks besides
    English, else the requester's language), then English."""
    own = next(
        (
            code
            for code in (c.lower() for c in city.languages or [])
            if code in CERTIFICATE_LANGUAGES
        ),
        requested if requested in CERTIFICATE_LANGUAGES else "en",
    )
    return [own, "en"] if own != "en" else ["en"]


def verification_qr(url: str) -> str:
    """The QR code of ``url`` as a PNG data URI: black on white, one module per
    ``QR_SCALE`` pixels, no quiet zone (the page leaves the white margin around it)."""
    return segno.make(url, error=QR_ERROR).png_data_uri(scale=QR_SCALE, border=0)


def certificate_context(parameters: dict) -> dict:
    """Runs in the worker, in the report's language. Refuses a certificate revoked, or a
    city that stopped being a member, since it was requested."""
    certificate = (
        Certificate.objects.filter(number=parameters.get("certificate"))
        .select_related("local_government")
        .first()
    )
    if certificate is None:
        raise LookupError("No certificate with this number.")
    if certificate.is_revoked:
        raise LookupError(f"Certificate {certificate.number} was revoked.")
    city = certificate.local_government
    if not Membership.objects.filter(
        local_government=city, status=Membership.Status.MEMBER
    ).exists():
        raise LookupError(f"{city.name} is not a member.")
    commitment = (
        Commitment.objects.filter(local_government=city)
        .select_related("version")
        .order_by("-version__effective_on", "-created_at")
        .first()
    )
    default_name = city.name_en or city.name
    parts = [
        {
            "language": code,
            "bidi": get_language_info(code)["bidi"],
            "city_name": getattr(city, build_localized_fieldname("name", code)) or default_name,
            "signatory": certificate.signatory.get(code) or certificate.signatory.get("en", {}),
        }
        for code in certificate.languages
    ]
    url = certificate.verification_url()
    return {
        "certificate": certificate,
        "city": city,
        "parts": parts,
        "joined_on": certificate.member_since,
        "version": commitment.version if commitment else None,
        "issued_on": timezone.localdate(certificate.issued_at),
        "verification_url": url,
        "verification_qr": verification_qr(url),
        "generated_at": timezone.now(),
    }


register(
    ReportKind(
        code=CERTIFICATE,
        title=_("Membership certificate"),
        template="print/membership_certificate.html",
        build_context=certificate_context,
        # Who may ask for a certificate at all; request_certificate checks which city.
        may_request=may_request_certificates,
        in_request_form=False,
    )
)
