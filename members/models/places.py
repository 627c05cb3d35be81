"""Local governments: any local authority the network works with ("city" in the interface)."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..validators import (
    logo_path,
    subdivision_country,
    validate_language_codes,
    validate_logo,
    validate_subdivision_code,
    validate_subdivision_in_country,
)
from .network import CountryRegion, Region, StrategicPriority


class LocalGovernmentQuerySet(models.QuerySet):
    def members(self):
        from .membership import Membership

        return self.filter(membership__status=Membership.Status.MEMBER)

    def listed(self):
        """Members the public may see: a member that asked not to be listed never appears."""
        return self.members().filter(publicly_listed=True)


class LocalGovernment(models.Model):
    class Kind(models.TextChoices):
        CAPITAL = "capital", _("Capital")
        CITY = "city", _("City or municipality")
        PROVINCE = "province", _("Province, state or county")
        DISTRICT = "district", _("District")
        RURAL = "rural", _("Rural municipality")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = CountryField(_("country"))
    subdivision = models.CharField(
        _("subdivision"),
        max_length=10,
        blank=True,
        validators=[validate_subdivision_code],
        help_text=_("ISO 3166-2 code, e.g. MA-04."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_governments",
        verbose_name=_("region"),
        help_text=_("Derived from the country through the countries' regions table."),
    )
    languages = models.JSONField(
        _("languages of work"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO 639-1 codes, e.g. ar, fr."),
    )
    profile = models.TextField(_("short profile"), blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, validators=[validate_logo])
    publicly_listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_(
            "Some cities do this work under threat: a city that is not listed never appears "
            "on public pages, feeds or exports."
        ),
    )
    priorities = models.ManyToManyField(
        StrategicPriority,
        blank=True,
        related_name="local_governments",
        verbose_name=_("strategic priorities opted into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, null=True)

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "country",
                "subdivision",
                name="local_government_unique_in_subdivision",
                violation_error_message=_(
                    "A local government with this name is already known in this country "
                    "and subdivision."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="local_government_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="local_government_longitude_range",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="local_government_coordinates_together",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    def clean(self) -> None:
        super().clean()
        if self.subdivision:
            self.subdivision = self.subdivision.upper()
            # An unknown code is already reported by the field's own validator.
            if subdivision_country(self.subdivision) is not None:
                try:
                    validate_subdivision_in_country(self.subdivision, self.country)
                except ValidationError as exc:
                    raise ValidationError({"subdivision": exc.messages}) from exc
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    def derive_region(self) -> Region | None:
        """The region the staff-edited countries' regions table gives for this country."""
        row = CountryRegion.objects.filter(country=self.country).select_related("region").first()
        return row.region if row else None
