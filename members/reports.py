"""The membership certificate: a PDF, bilingual (the city's language and English).

Requested only through ``request_certificate``, which knows the city and checks that the
requester acts for it: the report framework's generic form asks for a kind and a
language, not for a city, so the kind is kept out of it (``in_request_form=False``).
"""

import rules
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from scn_portal.reports.models import ReportRequest
from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.services import ReportNotAllowed, request_report

from .errors import MembershipError
from .models import Commitment, LocalGovernment, Membership
from .rules import may_request_certificates

CERTIFICATE = "membership_certificate"

# Languages a certificate can be written in besides English (the portal's languages).
CERTIFICATE_LANGUAGES = ("ar", "fr", "es")


def request_certificate(*, city: LocalGovernment, actor, language: str) -> ReportRequest:
    """Queue the membership certificate of ``city``; the PDF is rendered in the background.

    Raises ``ReportNotAllowed`` unless ``actor`` is Management Unit staff or acts for
    ``city`` (views answer 404), and ``MembershipError`` (a message for the person) when
    ``city`` is not a member today. ``language`` is the requester's; the certificate is
    written in the city's language and English.
    """
    if not rules.has_perm("members.request_certificate", actor, city):
        raise ReportNotAllowed(CERTIFICATE)
    _check_member(city)
    return request_report(
        kind=CERTIFICATE, language=language, actor=actor, parameters={"city": str(city.code)}
    )


def _check_member(city: LocalGovernment) -> Membership:
    membership = Membership.objects.filter(local_government=city).first()
    if membership is None or membership.status != Membership.Status.MEMBER:
        raise MembershipError(
            _(
                "A membership certificate is issued only to members of the network, and "
                "%(city)s is not a member."
            ),
            code="not_member",
            params={"city": city.name},
        )
    return membership


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


def certificate_context(parameters: dict) -> dict:
    """Runs in the worker, in the report's language; refuses a city that is not a member."""
    city = LocalGovernment.objects.filter(code=parameters.get("city")).first()
    if city is None:
        raise LookupError("No local government with this code.")
    membership = _check_member(city)
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
        }
        for code in certificate_languages(city, get_language())
    ]
    return {
        "city": city,
        "parts": parts,
        "joined_on": membership.joined_on,
        "version": commitment.version if commitment else None,
        "issued_on": timezone.localdate(),
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
