"""Membership fees, which the network is only exploring: a fee schedule by kind and size
of local government, an invoice per member and year, its payment or waiver. Nothing is
invoiced unless ``MEMBERSHIP_FEES_ENABLED`` is set (off by default)."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from members.models import LocalGovernment


class FeeSchedule(models.Model):
    """The yearly fee of local governments of a kind (blank: any kind) whose population is
    within a band (blank bounds: open). The most specific matching row applies."""

    kind = models.CharField(
        _("kind of local government"),
        max_length=20,
        choices=LocalGovernment.Kind.choices,
        blank=True,
    )
    population_from = models.PositiveBigIntegerField(_("population from"), null=True, blank=True)
    population_to = models.PositiveBigIntegerField(_("population up to"), null=True, blank=True)
    amount = MoneyField(_("yearly fee"), max_digits=12, decimal_places=2, default_currency="USD")

    class Meta:
        verbose_name = _("fee schedule line")
        verbose_name_plural = _("fee schedule")
        ordering = ["kind", "population_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_not_negative"),
            models.CheckConstraint(
                condition=Q(population_to__isnull=True)
                | Q(population_from__isnull=True)
                | Q(population_to__gte=F("population_from")),
                name="fee_band_in_order",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display() if self.kind else _("Any kind")
        low = self.population_from if self.population_from is not None else 0
        high = self.population_to if self.population_to is not None else "…"
        return f"{kind}, {low}–{high}: {self.amount}"


class FeeInvoice(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=20, unique=True)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="fee_invoices",
        verbose_name=_("local government"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2, default_currency="USD")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    issued_on = models.DateField(_("issued on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)

    class Meta:
        verbose_name = _("membership fee invoice")
        verbose_name_plural = _("membership fee invoices")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "year"], name="fee_invoice_one_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(waiver_reason=""),
                name="fee_waiver_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.local_government} · {self.year}"
