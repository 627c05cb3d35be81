"""Membership fees: issuing the year's invoices from the fee schedule, recording a
payment, waiving a fee. Everything refuses while ``MEMBERSHIP_FEES_ENABLED`` is off."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import LocalGovernment
from scn_portal.audit.events import audit_event

from ..errors import FundingError
from ..models import FeeInvoice, FeeSchedule


def check_fees_enabled() -> None:
    if not settings.MEMBERSHIP_FEES_ENABLED:
        raise FundingError(
            _("Membership fees are switched off (MEMBERSHIP_FEES_ENABLED)."), code="fees_off"
        )


def _specificity(line: FeeSchedule) -> tuple[int, int]:
    bounds = (line.population_from is not None) + (line.population_to is not None)
    return (1 if line.kind else 0, bounds)


def fee_for(city: LocalGovernment, schedule: list[FeeSchedule]) -> FeeSchedule | None:
    """The most specific schedule line that matches ``city``'s kind and population (a
    city of unknown population matches only lines without a population band)."""
    matching = []
    for line in schedule:
        if line.kind and line.kind != city.kind:
            continue
        banded = line.population_from is not None or line.population_to is not None
        if banded:
            if city.population is None:
                continue
            if line.population_from is not None and city.population < line.population_from:
                continue
            if line.population_to is not None and city.population > line.population_to:
                continue
        matching.append(line)
    return max(matching, key=_specificity, default=None)


@audit_event("fee_invoices_issued")
@transaction.atomic
def issue_annual_invoices(*, year: int, issued_on: date, actor) -> list[FeeInvoice]:
    """Invoice every member for ``year`` that has no invoice for it yet, at the schedule's
    fee. Running it again issues only the missing ones; members no schedule line fits
    (or whose fee is zero) are not invoiced."""
    check_fees_enabled()
    schedule = list(FeeSchedule.objects.all())
    if not schedule:
        raise FundingError(_("Set up the fee schedule first."), code="no_fee_schedule")
    invoiced = set(
        FeeInvoice.objects.filter(year=year).values_list("local_government_id", flat=True)
    )
    # Numbers follow on from the year's last one; the lock keeps two runs from sharing one.
    last = FeeInvoice.objects.select_for_update().filter(year=year).order_by("-number").first()
    sequence = int(last.number.rsplit("-", 1)[1]) if last else 0
    issued = []
    for city in LocalGovernment.objects.members().order_by("name", "pk"):
        if city.pk in invoiced:
            continue
        line = fee_for(city, schedule)
        if line is None or line.amount.amount <= 0:
            continue
        sequence += 1
        issued.append(
            FeeInvoice.objects.create(
                number=f"FEE-{year}-{sequence:04d}",
                local_government=city,
                year=year,
                amount=line.amount,
                issued_on=issued_on,
            )
        )
    return issued


@audit_event("fee_paid")
@transaction.atomic
def record_fee_payment(*, invoice: FeeInvoice, paid_on: date, actor) -> FeeInvoice:
    check_fees_enabled()
    invoice = FeeInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != FeeInvoice.Status.ISSUED:
        raise FundingError(
            _("This invoice is already %(status)s.") % {"status": invoice.get_status_display()},
            code="fee_settled",
        )
    invoice.status, invoice.paid_on = FeeInvoice.Status.PAID, paid_on
    invoice.save(update_fields=["status", "paid_on"])
    return invoice


@audit_event("fee_waived")
@transaction.atomic
def waive_fee(*, invoice: FeeInvoice, reason: str, actor) -> FeeInvoice:
    """Waive an unpaid fee, with the reason (kept on the invoice and in the audit trail)."""
    check_fees_enabled()
    if not (reason or "").strip():
        raise FundingError(_("Give the reason for the waiver."), code="waiver_reason")
    invoice = FeeInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != FeeInvoice.Status.ISSUED:
        raise FundingError(
            _("This invoice is already %(status)s.") % {"status": invoice.get_status_display()},
            code="fee_settled",
        )
    invoice.status, invoice.waiver_reason = FeeInvoice.Status.WAIVED, reason.strip()
    invoice.save(update_fields=["status", "waiver_reason"])
    return invoice
