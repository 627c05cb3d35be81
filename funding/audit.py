"""Funding records in the audit trail, and the events its services name."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import (
    Agreement,
    Contribution,
    Donor,
    ExchangeRate,
    FeeInvoice,
    FeeSchedule,
    Instalment,
    OperatingCost,
    Partner,
    Partnership,
    Receipt,
    SupportType,
)

register(Partner, m2m=("regions", "priorities"))
for model in (
    Donor,
    Partnership,
    Agreement,
    SupportType,
    ExchangeRate,
    Contribution,
    Instalment,
    Receipt,
    OperatingCost,
    FeeSchedule,
    FeeInvoice,
):
    register(model)

register_events(
    {
        "partner_recorded": _("Partner recorded"),
        "donor_recorded": _("Donor recorded"),
        "exchange_rate_recorded": _("Exchange rate recorded"),
        "exchange_rates_imported": _("Exchange rates imported"),
        "contribution_recorded": _("Contribution recorded"),
        "contribution_changed": _("Contribution corrected"),
        "instalment_scheduled": _("Instalment scheduled"),
        "instalment_changed": _("Instalment changed"),
        "receipt_recorded": _("Receipt recorded"),
        "fee_invoices_issued": _("Membership fee invoices issued"),
        "fee_paid": _("Membership fee paid"),
        "fee_waived": _("Membership fee waived"),
        "operating_costs_recorded": _("Operating costs recorded"),
    }
)
