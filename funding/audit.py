"""Funding records in the audit trail, and the events its services name (the ledger's,
and the Technical Support Fund's in ``funding.services.fund``)."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import (
    Agreement,
    ApprovalAmendment,
    Contribution,
    Disbursement,
    Donor,
    Engagement,
    ExchangeRate,
    FeeInvoice,
    FeeSchedule,
    FundApplication,
    FundReport,
    FundReview,
    FundRound,
    FundScore,
    Instalment,
    Milestone,
    OperatingCost,
    Partner,
    Partnership,
    Receipt,
    RubricCriterion,
    SupportKind,
    SupportType,
)

register(Partner, m2m=("regions", "priorities"))
for model in (
    Donor,
    Partnership,
    Agreement,
    Engagement,
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
        "partner_changed": _("Partner changed"),
        "partnership_recorded": _("Partnership recorded"),
        "partnership_changed": _("Partnership changed"),
        "partnership_removed": _("Partnership removed"),
        "agreement_recorded": _("Partner agreement recorded"),
        "agreement_changed": _("Partner agreement changed"),
        "agreement_removed": _("Partner agreement removed"),
        "engagement_recorded": _("Engagement with a partner recorded"),
        "engagement_changed": _("Engagement with a partner changed"),
        "engagement_removed": _("Engagement with a partner removed"),
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

# --- The Technical Support Fund ---------------------------------------------------------

for model in (
    SupportKind,
    RubricCriterion,
    FundReview,
    FundScore,
    ApprovalAmendment,
    Disbursement,
    Milestone,
    FundReport,
):
    register(model)
register(FundRound, m2m=("priorities", "support_kinds"))
register(FundApplication, m2m=("priorities", "other_cities", "activities", "experts"))

register_events(
    {
        "fund_round_saved": _("Fund round saved"),
        "fund_application_started": _("Fund application started"),
        "fund_application_updated": _("Fund application draft saved"),
        "fund_application_submitted": _("Fund application submitted"),
        "fund_application_withdrawn": _("Fund application withdrawn"),
        "fund_application_returned": _("Fund application returned to the city"),
        "fund_application_screened": _("Fund application screened"),
        "fund_reviewers_assigned": _("Fund reviewers assigned"),
        "fund_conflict_declared": _("Conflict of interest declared"),
        "fund_application_scored": _("Fund application scored"),
        "fund_application_approved": _("Fund application approved"),
        "fund_application_declined": _("Fund application declined"),
        "fund_approval_amended": _("Approved amount amended"),
        "fund_delivery_started": _("Fund grant delivery started"),
        "fund_disbursement_recorded": _("Fund disbursement recorded"),
        "fund_delivery_recorded": _("Fund grant delivery recorded (hub, activities, experts)"),
        "fund_milestone_recorded": _("Fund milestone recorded"),
        "fund_report_submitted": _("Fund report submitted"),
        "fund_application_closed": _("Fund grant closed"),
    }
)
