"""Partners ("Friends of Strong Cities"): the organisations the network works with, the
kinds of partnership, their agreements (with private documents) and the engagements."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hubs.models import Hub
from members.models import Organisation, Region, StrategicPriority
from members.validators import validate_logo, validate_pdf


def partner_logo_path(instance, filename: str) -> str:
    return f"partners/logos/{uuid.uuid4().hex}"


def agreement_document_path(instance, filename: str) -> str:
    return f"partners/agreements/{uuid.uuid4().hex}.pdf"


class PartnerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Partner(models.Model):
    """An organisation the network works with. Its public listing (logo and link) is
    opt-in: ``is_public``."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    regions = models.ManyToManyField(
        Region, blank=True, related_name="partners", verbose_name=_("regions")
    )
    priorities = models.ManyToManyField(
        StrategicPriority,
        blank=True,
        related_name="partners",
        verbose_name=_("strategic priorities"),
    )
    logo = models.FileField(
        _("logo"), upload_to=partner_logo_path, blank=True, validators=[validate_logo]
    )
    link = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("Listed on the public partners page with its logo and link."),
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class Partnership(models.Model):
    """What a partner is to the network; a hub's host names the hub."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic partner")
        HUB_HOST = "hub_host", _("Host of a regional hub")
        CO_ORGANISER = "co_organiser", _("Co-organiser of activities")
        DONOR = "donor", _("Donor")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="host_partnerships",
        verbose_name=_("regional hub"),
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="hub_host", hub__isnull=False) | (~Q(kind="hub_host")),
                name="partnership_hub_host_names_hub",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="partnership_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_kind_display()}"


class Agreement(models.Model):
    """A signed agreement with a partner; its document is private (staff only)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    renewal_notice_days = models.PositiveSmallIntegerField(
        _("renewal reminder (days before the end)"), default=90
    )
    document = models.FileField(
        _("document"), upload_to=agreement_document_path, blank=True, validators=[validate_pdf]
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.title}"


class Engagement(models.Model):
    """A meeting or joint activity with a partner."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        JOINT_ACTIVITY = "joint_activity", _("Joint activity")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_kind_display()} ({self.on})"
