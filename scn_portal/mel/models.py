"""Indicators against the strategic priorities, their targets, the values staff record,
and the snapshots that keep each period's computed figures as they were reported."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .periods import Period


class Indicator(models.Model):
    """What the network measures, against a strategic priority or the network as a whole.

    Staff add and edit indicators in the admin; a computed one names a measure from the
    registry (``mel.registry``), a recorded one takes the values staff enter.
    """

    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")
        USD = "usd", _("Amount in USD")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the portal's data")
        RECORDED = "recorded", _("Recorded by staff or hubs")

    class Disaggregation(models.TextChoices):
        REGION = "region", _("Region")
        HUB = "hub", _("Regional hub")
        KIND = "kind", _("Kind of local government")
        GENDER = "gender", _("Gender")
        YOUTH = "youth", _("Youth")
        PRIORITY = "priority", _("Strategic priority")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    priority = models.ForeignKey(
        "members.StrategicPriority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("strategic priority"),
        help_text=_("Leave empty for an indicator of the network as a whole."),
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("source of values"), max_length=10, choices=Source.choices, default=Source.COMPUTED
    )
    measure = models.CharField(
        _("measure"),
        max_length=80,
        blank=True,
        help_text=_("For a computed indicator: what the portal counts."),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    disaggregations = models.JSONField(
        _("disaggregations"),
        default=list,
        blank=True,
        help_text=_("The ways its figures are split (region, hub, kind, gender, youth)."),
    )
    is_public = models.BooleanField(
        _("shown on the public page"),
        default=False,
        help_text=_("Shown on the public “network at a glance” page with its target."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source="computed") | ~models.Q(measure=""),
                name="mel_computed_indicator_has_measure",
                violation_error_message=_("Choose the measure of a computed indicator."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED

    def scoped(self, filters: dict) -> dict:
        """``filters`` with this indicator's priority, for measures that count per priority."""
        if self.priority_id is None:
            return filters
        return {**filters, "priority": self.priority_id}


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="mel_one_target_per_year",
                violation_error_message=_("This indicator already has a target for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.year} → {self.value}"


def validate_period_code(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        Period.parse(value)
    except ValueError as exc:
        raise ValidationError(
            _("Write a year (2025) or a quarter (2025-Q2)."), code="period"
        ) from exc


class RecordedValue(models.Model):
    """A value staff or a hub recorded for a period, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="recorded_values",
        verbose_name=_("indicator"),
    )
    period = models.CharField(
        _("period"),
        max_length=7,
        validators=[validate_period_code],
        help_text=_("A year (2025) or a quarter (2025-Q2)."),
    )
    disaggregation = models.CharField(
        _("split"),
        max_length=80,
        blank=True,
        help_text=_("Empty for the whole network; e.g. region:mena for one region."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=250)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("recorded value")
        verbose_name_plural = _("recorded values")
        ordering = ["indicator", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "disaggregation"],
                name="mel_one_recorded_value_per_period",
                violation_error_message=_(
                    "A value is already recorded for this indicator, period and split."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class SnapshotQuerySet(models.QuerySet):
    def latest_revisions(self):
        """The latest revision of each indicator, period and split: the figures reported."""
        newer = Snapshot.objects.filter(
            indicator=models.OuterRef("indicator"),
            period=models.OuterRef("period"),
            disaggregation=models.OuterRef("disaggregation"),
            revision__gt=models.OuterRef("revision"),
        )
        return self.filter(~models.Exists(newer))


class Snapshot(models.Model):
    """A computed figure as it stood when it was taken, with the ids of what it counted.

    Never changed afterwards: a re-run by staff adds the next revision, so the figure first
    reported and the difference stay readable.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7)
    disaggregation = models.CharField(_("split"), max_length=80, blank=True)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    record_model = models.CharField(_("records counted"), max_length=80)
    record_ids = models.JSONField(_("ids of the records counted"), default=list)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-run by"),
    )
    reason = models.TextField(_("reason for the re-run"), blank=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["indicator", "-period", "disaggregation", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "disaggregation", "revision"],
                name="mel_one_snapshot_per_revision",
            )
        ]
        indexes = [models.Index(fields=["period", "disaggregation"])]

    def __str__(self) -> str:
        split = f" [{self.disaggregation}]" if self.disaggregation else ""
        return f"{self.indicator} {self.period}{split} r{self.revision}: {self.value}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("mel:records", kwargs={"pk": self.pk})


class AnnualReportText(models.Model):
    """What staff write for the annual progress report of a year: the coming year's
    priorities."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    coming_priorities = models.TextField(_("the coming year's priorities"), blank=True)

    class Meta:
        verbose_name = _("annual report text")
        verbose_name_plural = _("annual report texts")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
