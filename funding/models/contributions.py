"""Contributions, financial and in-kind, with their exchange rate to US dollars.

Amounts are django-money ``MoneyField``s: a ``Decimal`` and its ISO 4217 currency, never a
float. Each contribution stores the rate to USD it was converted at and that rate's date
(copied from an ``ExchangeRate`` when it was recorded), so every USD total can be
recomputed to the cent later, whatever rates are entered afterwards.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from hubs.models import Activity, Hub
from members.models import StrategicPriority

from .donors import Donor
from .support import SupportType

CENT = Decimal("0.01")


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` at ``rate`` US dollars per unit, rounded half-up to the cent."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


class ExchangeRate(models.Model):
    """How many US dollars one unit of a currency was worth on a day (entered by staff or
    imported from a CSV file; no remote rate service)."""

    currency = models.CharField(_("currency"), max_length=3)
    on = models.DateField(_("date"))
    usd_per_unit = models.DecimalField(_("US dollars per unit"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="exchange_rate_one_per_day"),
            models.CheckConstraint(condition=Q(usd_per_unit__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD ({self.on})"


class ContributionQuerySet(models.QuerySet):
    def financial(self):
        return self.filter(kind=Contribution.Kind.FINANCIAL)

    def in_kind(self):
        return self.filter(kind=Contribution.Kind.IN_KIND)

    def of_year(self, year: int):
        return self.filter(year=year)


class Contribution(models.Model):
    """Money pledged by a donor (paid in instalments, received with dates) or support in
    kind with its estimated value; unrestricted or earmarked."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        IN_KIND = "in_kind", _("In-kind")

    class InKindType(models.TextChoices):
        VENUE = "venue", _("Venue")
        INTERPRETATION = "interpretation", _("Interpretation")
        LOGISTICS = "logistics", _("Logistics")
        STAFF_TIME = "staff_time", _("Staff time")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("donor")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # Pledged amount (financial) or estimated value (in-kind).
    amount = MoneyField(_("amount"), max_digits=14, decimal_places=2, default_currency=None)
    pledged_on = models.DateField(_("pledged on"))
    in_kind_type = models.CharField(
        _("in-kind support"), max_length=20, choices=InKindType.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    usd_rate = models.DecimalField(_("US dollars per unit"), max_digits=18, decimal_places=8)
    rate_on = models.DateField(_("rate date"))
    allow_over_receipt = models.BooleanField(
        _("allow receipts above the pledge"),
        default=False,
        help_text=_("Tick only when the donor knowingly gave more than it pledged."),
    )
    # Earmarks (none: unrestricted).
    support_type = models.ForeignKey(
        SupportType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("type of support"),
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("regional hub"),
    )
    priority = models.ForeignKey(
        StrategicPriority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("strategic priority"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("activity"),
        help_text=_(
            "An activity of the network this contribution pays for; it must take place "
            "within the contribution's period (or its year when no period is given)."
        ),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-year", "donor__organisation__name", "pk"]
        # The admin lists the latest year first, the latest recorded first within it.
        indexes = [models.Index(fields=["-year", "-id"], name="contribution_latest_first")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_amount_positive"),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="contribution_rate_positive"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="contribution_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.year}: {self.amount}"

    @property
    def amount_usd(self) -> Decimal:
        return to_usd(self.amount.amount, self.usd_rate)

    @property
    def is_restricted(self) -> bool:
        return bool(
            self.support_type_id
            or self.hub_id
            or self.priority_id
            or self.activity_id
            or self.period_start
            or self.period_end
        )

    def earmarks(self) -> list[str]:
        """What the contribution is earmarked to, in words (empty: unrestricted)."""
        labels = []
        if self.support_type_id:
            labels.append(str(self.support_type))
        if self.hub_id:
            labels.append(str(self.hub))
        if self.priority_id:
            labels.append(str(self.priority))
        if self.activity_id:
            labels.append(str(_("Activity: %(title)s")) % {"title": self.activity.title})
        if self.period_start or self.period_end:
            labels.append(
                str(_("Period %(start)s – %(end)s"))
                % {"start": self.period_start or "…", "end": self.period_end or "…"}
            )
        return labels


class Instalment(models.Model):
    """A payment the donor scheduled, in the contribution's currency."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("contribution"),
    )
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
            models.UniqueConstraint(
                fields=["contribution", "due_on"], name="instalment_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.contribution.amount.currency} ({self.due_on})"


class Receipt(models.Model):
    """Money received against a pledge, in the contribution's currency."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("contribution"),
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.contribution.amount.currency} ({self.received_on})"


class OperatingCost(models.Model):
    """What running the network cost in a year, in US dollars."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("operating costs")
        verbose_name_plural = _("operating costs")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="operating_cost_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_usd} USD"
