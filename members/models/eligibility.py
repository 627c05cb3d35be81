"""Territories disputed under international law, and what the eligibility check found."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import validate_boundary
from .places import LocalGovernment


class DisputedTerritory(models.Model):
    """A territory disputed under international law; a city inside it cannot be a member.

    The list is staff's to keep: changing it re-screens every member and applicant.
    """

    name = models.CharField(_("name"), max_length=200)
    countries = models.JSONField(
        _("countries concerned"),
        default=list,
        help_text=_('ISO 3166-1 codes of the countries concerned, e.g. ["MA"].'),
    )
    subdivision_codes = models.JSONField(
        _("ISO 3166-2 codes covered"),
        default=list,
        blank=True,
        help_text=_("A city whose subdivision is one of these codes is ineligible."),
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_boundary],
        help_text=_(
            "A GeoJSON Polygon or MultiPolygon; a city whose coordinates fall inside is ineligible."
        ),
    )
    reference = models.TextField(
        _("reference"), help_text=_("What the listing rests on, e.g. a UN resolution.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("disputed territory")
        verbose_name_plural = _("disputed territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TerritoryMatch(models.Model):
    """A local government the check found inside a disputed territory (kept for staff)."""

    class Rule(models.TextChoices):
        SUBDIVISION = "subdivision", _("Its subdivision code is one the territory covers")
        BOUNDARY = "boundary", _("Its coordinates fall inside the territory's boundary")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="territory_matches",
        verbose_name=_("local government"),
    )
    territory = models.ForeignKey(
        DisputedTerritory,
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name=_("disputed territory"),
    )
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disputed-territory match")
        verbose_name_plural = _("disputed-territory matches")
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "territory", "rule"], name="territory_match_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} in {self.territory} ({self.rule})"


class EligibilityOverride(models.Model):
    """A reviewed false positive: staff with the dedicated permission clear a match."""

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="eligibility_overrides",
        verbose_name=_("local government"),
    )
    territory = models.ForeignKey(
        DisputedTerritory,
        on_delete=models.PROTECT,
        related_name="overrides",
        verbose_name=_("territory"),
    )
    justification = models.TextField(_("justification"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        ordering = ["-recorded_at"]
        permissions = [
            (
                "override_eligibility",
                _("Can record a reviewed false positive of the disputed-territory check"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "territory"], name="one_override_per_territory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} / {self.territory}"
