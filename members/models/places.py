"""Local governments: any local authority the network works with ("city" in the interface)."""

import uuid

from django.conf import settings
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
from .choices import MembershipStatus
from .network import CountryRegion, Region, StrategicPriority


class LocalGovernmentQuerySet(models.QuerySet):
    def members(self):
        return self.filter(membership__status=MembershipStatus.MEMBER)

    def listed(self):
        """Members the public may see: a member that asked not to be listed never appears."""
        return self.members().filter(publicly_listed=True)

    def acted_for_by(self, user):
        """The cities ``user`` is an active official of (an active Official row; a pending
        request to act for a city grants nothing). The many-cities form of the rule
        ``members.rules.is_official_of``; none for an anonymous visitor."""
        if user is None or not user.is_authenticated:
            return self.none()
        acted_for = self.model.objects.filter(
            officials__person__user=user, officials__is_active=True
        ).values("pk")
        return self.filter(pk__in=acted_for)


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
    location_confirmed = models.BooleanField(
        _("location seen by staff"),
        default=True,
        editable=False,
        help_text=_(
            "Off only for a city entered by an applicant whose first application is not "
            "submitted yet: until then its officials set the location themselves. Afterwards "
            "every change they propose waits for staff's review."
        ),
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
        return f"{self.name} ({self.country_code})"

    @property
    def country_code(self) -> str:
        """The country's code as stored: ``country.code`` builds a ``Country`` and looks
        the code up in the list of countries each time (lists show it on every row)."""
        code = self.__dict__.get("country")
        return code if isinstance(code, str) else self.country.code

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


class LocationChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=LocationChange.Status.PENDING)


class LocationChange(models.Model):
    """A change of a city's location that an official proposed, held for staff's review.

    What the eligibility check reads (country, subdivision, coordinates) never changes at
    an official's word: the proposal waits here, the city keeps its recorded location (and
    any disputed-territory flag) until staff accept it, and both the proposer and the
    staff member who decided are kept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Replaced by a later proposal")

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="location_changes",
        verbose_name=_("local government"),
    )
    country = CountryField(_("proposed country"))
    subdivision = models.CharField(_("proposed subdivision"), max_length=10, blank=True)
    latitude = models.DecimalField(
        _("proposed latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("proposed longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    previous = models.JSONField(
        _("location when proposed"),
        default=dict,
        help_text=_("The recorded country, subdivision and coordinates at the time."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    staff_notified_at = models.DateTimeField(_("staff told at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    objects = LocationChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed change of location")
        verbose_name_plural = _("proposed changes of location")
        ordering = ["-proposed_at", "-pk"]
        permissions = [
            (
                "review_location_change",
                _("Can accept or refuse a city's change of location, and change it directly"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government"],
                condition=models.Q(status="pending"),
                name="one_pending_location_change_per_city",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="location_change_coordinates_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government.name}: {self.get_status_display()}"

    def proposed(self) -> dict:
        return {field: getattr(self, field) for field in LOCATION_FIELDS}

    def differences(self) -> list[tuple[str, object, object]]:
        """(field label, recorded value, proposed value) for each field that differs."""
        from django_countries import countries

        rows = []
        for field in LOCATION_FIELDS:
            before = self.previous.get(field)
            after = getattr(self, field)
            after = "" if after is None else str(after)
            before = "" if before is None else str(before)
            if field in ("latitude", "longitude"):
                same = before and after and float(before) == float(after)
            else:
                same = before == after
            if field == "country":
                before, after = countries.name(before) or before, countries.name(after) or after
            if not same and before != after:
                label = LocalGovernment._meta.get_field(field).verbose_name
                rows.append((label, before or "—", after or "—"))
        return rows


# What the eligibility check reads of a city's record: never changed by an official alone.
LOCATION_FIELDS = ("country", "subdivision", "latitude", "longitude")
# What an official may change on their city, in the order their forms show it. Everything
# else (status, region, dates, the eligibility results) is staff's or derived.
OFFICIAL_EDITABLE_FIELDS = (
    "name",
    "kind",
    "country",
    "subdivision",
    "latitude",
    "longitude",
    "population",
    "website",
    "languages",
    "profile",
    "publicly_listed",
)
