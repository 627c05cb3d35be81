import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, StrategicPriority


class NeedsAssessment(models.Model):
    """What a city needs, as assessed on a date: the priority areas concerned, its current
    capacities, its gaps (each with a severity) and the support it asks for. Recorded by
    hub staff for their cities or the central team, or submitted by a city official."""

    class Source(models.TextChoices):
        HUB = "hub", _("The regional hub")
        CENTRAL_TEAM = "central_team", _("The central team")
        CITY = "city", _("The city itself")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="needs_assessments",
        verbose_name=_("city"),
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    source = models.CharField(
        _("assessed by"), max_length=20, choices=Source.choices, default=Source.HUB
    )
    priorities = models.ManyToManyField(
        StrategicPriority,
        related_name="needs_assessments",
        blank=True,
        verbose_name=_("priority areas concerned"),
    )
    current_capacities = models.TextField(_("current capacities"), blank=True)
    support_requested = models.TextField(_("support requested"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_assessments",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.local_government} · {self.assessed_on:%Y-%m-%d}"


class CapacityGap(models.Model):
    """One gap a needs assessment found, in a priority area, with how severe it is."""

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="gaps")
    priority = models.ForeignKey(
        StrategicPriority,
        on_delete=models.PROTECT,
        related_name="capacity_gaps",
        verbose_name=_("priority area"),
    )
    description = models.TextField(_("gap"))
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )

    class Meta:
        verbose_name = _("capacity gap")
        verbose_name_plural = _("capacity gaps")
        ordering = ["-severity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=4),
                name="capacity_gap_severity_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.priority} · {self.get_severity_display()}"
