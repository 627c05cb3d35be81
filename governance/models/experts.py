"""The pool of experts and their engagements."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person, Region, StrategicPriority
from members.validators import validate_language_codes


class Expert(models.Model):
    class Profile(models.TextChoices):
        LEADER = "leader", _("Current or former local-government leader")
        PRACTITIONER = "practitioner", _("Practitioner")
        STAKEHOLDER = "stakeholder", _("External stakeholder")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="expert", verbose_name=_("person")
    )
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    expertise = models.TextField(_("areas of expertise"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority, blank=True, related_name="experts", verbose_name=_("priorities")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="experts", verbose_name=_("regions")
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO 639-1 codes, e.g. fr, ar."),
    )
    availability = models.TextField(
        _("availability"), blank=True, help_text=_("E.g. free in March; two days a month.")
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)


class ExpertEngagement(models.Model):
    class Kind(models.TextChoices):
        ADVICE = "advice", _("Advice")
        PEER_LEARNING = "peer_learning", _("Peer-learning facilitation")
        TRAINING = "training", _("Training delivery")
        TECHNICAL_SUPPORT = "technical_support", _("Technical support")

    class For(models.TextChoices):
        MANAGEMENT_UNIT = "management_unit", _("The Management Unit")
        HUB = "hub", _("A regional hub")
        ISC = "isc", _("The ISC")
        CITY = "city", _("A city")

    expert = models.ForeignKey(
        "Expert", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("expert")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    engaged_for = models.CharField(_("for"), max_length=20, choices=For.choices)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_engagements",
        verbose_name=_("city"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("expert engagement")
        verbose_name_plural = _("expert engagements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="expert_engagement_ends_after_start",
                violation_error_message=_("An engagement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(engaged_for="city", local_government__isnull=False)
                    | (~Q(engaged_for="city") & Q(local_government__isnull=True))
                ),
                name="expert_engagement_city_if_for_a_city",
                violation_error_message=_(
                    "Name the city for an engagement with a city, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.get_kind_display()}"
