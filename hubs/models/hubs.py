from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Organisation, Region


class HubQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Hub.Status.ACTIVE)

    def public(self):
        """Hubs the public pages show: launching, active or closed (not merely planned)."""
        return self.exclude(status=Hub.Status.PLANNED)


class Hub(models.Model):
    """A regional hub: a small team in the field, hosted by a partner and/or staffed by the
    Management Unit. It covers regions and/or a list of countries; where a country is
    listed by one hub, that hub serves it even when another hub covers its region."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LAUNCHING = "launching", _("Launching")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_("Only an active hub gives its staff access and receives help-desk requests."),
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    regions = models.ManyToManyField(
        Region, related_name="hubs", blank=True, verbose_name=_("regions covered")
    )
    countries = CountryField(
        _("countries covered"),
        multiple=True,
        blank=True,
        help_text=_(
            "Countries this hub serves whatever their region; a listed country is served "
            "by this hub even when another hub covers its region."
        ),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_hubs",
        verbose_name=_("host organisation"),
    )
    staffed_by_management_unit = models.BooleanField(
        _("staffed by the Management Unit"), default=False
    )
    first_response_hours = models.PositiveSmallIntegerField(
        _("help-desk first response target (hours)"),
        default=48,
        help_text=_("How soon a help-desk request should receive its first answer."),
    )

    objects = HubQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional hub")
        verbose_name_plural = _("regional hubs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(launched_on__isnull=True)
                | Q(closed_on__gte=models.F("launched_on")),
                name="hub_closes_after_launch",
                violation_error_message=_("A hub cannot close before it launched."),
            ),
            models.CheckConstraint(
                condition=Q(first_response_hours__gte=1),
                name="hub_first_response_at_least_an_hour",
                violation_error_message=_("The first response target is at least one hour."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:hub", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CentralTeam(models.Model):
    """The central team of the Management Unit, which serves the cities no active hub
    serves: its help-desk first-response target, which staff edit (one row, ``pk`` 1,
    seeded by a migration)."""

    SINGLETON_PK = 1

    first_response_hours = models.PositiveSmallIntegerField(
        _("help-desk first response target (hours)"),
        default=72,
        help_text=_(
            "How soon a help-desk request from a city no active hub serves should receive "
            "its first answer."
        ),
    )

    class Meta:
        verbose_name = _("central team")
        verbose_name_plural = _("central team")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="central_team_single_row"),
            models.CheckConstraint(
                condition=Q(first_response_hours__gte=1),
                name="central_team_first_response_at_least_an_hour",
                violation_error_message=_("The first response target is at least one hour."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("The central team"))

    @classmethod
    def load(cls) -> "CentralTeam":
        """The seeded row; its defaults (unsaved) where it is missing. Reading never writes."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)


class HubStaff(models.Model):
    """A user who works for a hub; they see their hub's cities only. The public flag puts
    them on the hub's public page with their role."""

    class TeamRole(models.TextChoices):
        LEAD = "lead", _("Hub lead")
        COORDINATOR = "coordinator", _("Coordinator")
        OFFICER = "officer", _("Programme officer")
        HELP_DESK = "help_desk", _("Help-desk officer")
        OTHER = "other", _("Team member")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_assignments"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.OTHER
    )
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_("Show this person's name and role on the hub's public page."),
    )

    class Meta:
        verbose_name = _("hub staff member")
        verbose_name_plural = _("hub staff")
        ordering = ["hub", "role", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["hub", "user"], name="hub_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.hub}"
