"""Membership certificates: each one issued is a record, verifiable by its code.

A certificate carries a number people read (``SCN-2026-0042``, sequential per year) and a
verification code nobody can guess (160 random bits): the public verification page is
found by the code only, never by the number, so a number seen on a photograph or guessed
in sequence opens nothing. What the certificate states (the member-since date, the
signatory) is kept as it was printed, so the record says what the paper says.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# 20 random bytes: 160 bits, written in 32 lowercase base-32 letters and digits (no
# 0/1/8/9, no capitals), so a code typed from paper cannot be mistaken.
CODE_BYTES = 20
CODE_LENGTH = 32
NUMBER_PREFIX = "SCN"


def new_verification_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii").lower()


class CertificateSettings(models.Model):
    """What staff say on every certificate: the signatory. One row (``pk`` 1)."""

    SINGLETON_PK = 1

    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=200,
        help_text=_("The Executive Director of the network, as printed under the signature."),
    )
    signatory_title = models.CharField(
        _("signatory's title"), max_length=200, help_text=_("For example: Executive Director.")
    )

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="certificate_settings_single_row")
        ]

    def __str__(self) -> str:
        return str(_("Certificate settings"))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """One membership certificate issued to a city; revoked, never deleted."""

    local_government = models.ForeignKey(
        "members.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("number in the year"), editable=False)
    number = models.CharField(_("certificate number"), max_length=20, unique=True, editable=False)
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The certificate is written in this language, and in English."),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    # The signatory as printed, by language: {"ar": {"name": …, "title": …}, "en": {…}}.
    signatory = models.JSONField(_("signatory"), default=dict)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(
        _("why it was revoked"),
        blank=True,
        help_text=_("Seen by staff only; the verification page never shows it."),
    )
    ended_membership = models.ForeignKey(
        "members.MembershipTransition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_certificates",
        verbose_name=_("revoked when the membership changed"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership certificate")
        verbose_name_plural = _("membership certificates")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_certificate", _("Can revoke membership certificates"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="certificate_number_unique_in_year"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=False)
                | (models.Q(revocation_reason="") & models.Q(ended_membership__isnull=True)),
                name="certificate_revocation_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["local_government", "-issued_at"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:verify_certificate", kwargs={"code": self.code})

    @staticmethod
    def format_number(year: int, sequence: int) -> str:
        return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def languages(self) -> list[str]:
        """The languages it is written in, in order: its own, then English."""
        return [self.language, "en"] if self.language != "en" else ["en"]

    def verification_path(self) -> str:
        """The verification page's address without a language: the site sends each reader
        to the page in their browser's language (the language prefix is added on arrival)."""
        with translation.override(settings.LANGUAGE_CODE):
            path = self.get_absolute_url()
        return path.removeprefix(f"/{settings.LANGUAGE_CODE}")

    def verification_url(self) -> str:
        return settings.SITE_URL + self.verification_path()
