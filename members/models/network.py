"""The network's own content: regions, priorities, principles, terms, organisations.

These are records staff edit, not code, so another network could run the same portal.
"""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CountryRegion(models.Model):
    """Which region a country belongs to; a city's region is derived from it."""

    country = CountryField(_("country"), unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("country's region")
        verbose_name_plural = _("countries' regions")
        ordering = ["country"]

    def __str__(self) -> str:
        return f"{self.country.name} → {self.region}"


class StrategicPriority(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategic priority")
        verbose_name_plural = _("strategic priorities")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PrincipleVersionQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(effective_on__lte=on).order_by("-effective_on").first()


class PrincipleVersion(models.Model):
    """A published set of the guiding principles; members commit to one version."""

    label = models.CharField(_("label"), max_length=60, unique=True)
    effective_on = models.DateField(_("effective on"), unique=True)
    grace_period_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=180,
        help_text=_(
            "How long after this version takes effect a commitment to the previous version "
            "still counts."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PrincipleVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guiding principles version")
        verbose_name_plural = _("guiding principles versions")
        ordering = ["-effective_on"]

    def __str__(self) -> str:
        return self.label

    @property
    def grace_ends_on(self):
        return self.effective_on + timedelta(days=self.grace_period_days)


class GuidingPrinciple(models.Model):
    version = models.ForeignKey(
        PrincipleVersion,
        on_delete=models.PROTECT,
        related_name="principles",
        verbose_name=_("version"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="principle_number_unique_in_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class MembershipTermsQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(effective_on__lte=on).order_by("-effective_on").first()


class MembershipTerms(models.Model):
    """A version of the membership terms of reference; members accept one."""

    label = models.CharField(_("label"), max_length=60, unique=True)
    effective_on = models.DateField(_("effective on"), unique=True)
    text = models.TextField(_("text"))

    objects = MembershipTermsQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership terms of reference")
        verbose_name_plural = _("membership terms of reference")
        ordering = ["-effective_on"]

    def __str__(self) -> str:
        return self.label


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        DONOR = "donor", _("Donor")
        HUB_HOST = "hub_host", _("Hub host")
        NATIONAL_GOVERNMENT = "national_government", _("National government")
        MULTILATERAL = "multilateral", _("Multilateral organisation")
        CITY_NETWORK = "city_network", _("Network of cities")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        FOUNDATION = "foundation", _("Foundation")
        PRIVATE_SECTOR = "private_sector", _("Private sector")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_name_kind_unique")
        ]

    def __str__(self) -> str:
        return self.name
