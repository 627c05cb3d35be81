"""The ground floor: regions, priorities, principles, organisations, cities and people.

Every other app refers to these records; nothing here imports another app of the
network. The network's own content (regions, the five priorities, the six
principles and their versions) is data that staff edit, not code.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(effective_on__lte=on).order_by("-effective_on").first()


class PrincipleVersion(models.Model):
    """A published set of the guiding principles; members commit to one version."""

    label = models.CharField(_("label"), max_length=60, unique=True)
    effective_on = models.DateField(_("effective on"), unique=True)
    note = models.TextField(_("note"), blank=True)

    objects = PrincipleVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guiding principles version")
        verbose_name_plural = _("guiding principles versions")
        ordering = ["-effective_on"]

    def __str__(self) -> str:
        return self.label


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


class LocalGovernmentQuerySet(models.QuerySet):
    def members(self):
        return self.filter(membership__status=Membership.Status.MEMBER)


class LocalGovernment(models.Model):
    """Any local authority the network works with; "city" in the interface."""

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
        _("subdivision"), max_length=10, blank=True, help_text=_("ISO 3166-2 code, e.g. MA-04.")
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
    profile = models.TextField(_("short profile"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority,
        blank=True,
        related_name="local_governments",
        verbose_name=_("strategic priorities opted into"),
    )

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="local_government_name_country_unique"
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
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"


class Membership(models.Model):
    """A local government's standing in the network.

    The lifecycle (who moved it, when and why) is built on top of this record by the
    membership services; only the current state is kept here.
    """

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Engaged non-member")
        APPLICANT = "applicant", _("Applicant")
        UNDER_REVIEW = "under_review", _("Under review")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed")
        REJECTED = "rejected", _("Rejected")
        INELIGIBLE = "ineligible", _("Ineligible")

    local_government = models.OneToOneField(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="membership",
        verbose_name=_("local government"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROSPECT
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["local_government__name"]

    def __str__(self) -> str:
        return f"{self.local_government}: {self.get_status_display()}"


class Person(models.Model):
    """Someone the network knows: an official, an ISC member, an expert, a contact."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    title = models.CharField(_("title or position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Official(models.Model):
    """A person acting for a local government; a person may act for several."""

    class Role(models.TextChoices):
        MAYOR = "mayor", _("Mayor or head of the local government")
        FOCAL_POINT = "focal_point", _("Focal point")
        STAFF = "staff", _("Other staff")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="officials", verbose_name=_("person")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="officials",
        verbose_name=_("local government"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["local_government__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "local_government", "role"], name="official_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.local_government.name}"
