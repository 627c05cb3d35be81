"""Funding's reports (PDF, rendered by a Celery task through ``scn_portal.reports``):

- ``donor_report``: one donor's year — its contributions, what each was earmarked to,
  what was received, and what they funded: the Technical Support Fund's grants whose
  earmarks they fit, with what was paid, who delivered them and the results reported,
  and the network's activities (``funding.selectors.fund.grants_funded_by``).
  It is written for that donor, so it names them. Requested from the donor's row in the
  admin (``request_donor_report``), never from the generic form, which cannot ask which
  donor.
- ``funding_summary``: the year's funding for the ISC, each donor named only as it
  agreed (the public page's lines), against operating costs. From the generic form; it
  reports the latest year with contributions.
- ``fee_invoice``: a member's annual membership fee invoice, in the city's language of
  work (right to left in Arabic). Requested from the invoices in the admin
  (``request_fee_invoice``) while fees are switched on.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.reminders.delivery import supported_language
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.services import ReportNotAllowed, request_report

from .errors import FundingError
from .models import Contribution, Donor, FeeInvoice
from .selectors.fund import activities_funded_by, grants_funded_by
from .selectors.ledger import ZERO, received_amount, received_usd, year_ledger
from .selectors.transparency import public_year, public_years
from .services.fees import check_fees_enabled

DONOR_REPORT = "donor_report"
FUNDING_SUMMARY = "funding_summary"
FEE_INVOICE = "fee_invoice"


def donor_report_context(parameters: dict) -> dict:
    donor = Donor.objects.select_related("organisation").get(pk=parameters["donor"])
    year = int(parameters["year"])
    contributions = list(
        Contribution.objects.filter(donor=donor, year=year)
        .select_related("support_type", "hub", "priority", "activity")
        .prefetch_related("receipts", "instalments")
    )
    rows = [
        {
            "contribution": c,
            "earmarks": c.earmarks(),
            "received": received_amount(c) if c.kind == Contribution.Kind.FINANCIAL else None,
            "received_usd": received_usd(c) if c.kind == Contribution.Kind.FINANCIAL else ZERO,
        }
        for c in contributions
    ]
    grants = grants_funded_by(donor=donor, year=year)
    return {
        "title": _("Donor report %(year)s") % {"year": year},
        "generated_at": timezone.now(),
        "donor": donor,
        "year": year,
        "rows": rows,
        "total_usd": sum((c.amount_usd for c in contributions), ZERO),
        "received_usd": sum((row["received_usd"] for row in rows), ZERO),
        "grants": grants,
        "activities": activities_funded_by(donor=donor, year=year, grants=grants),
    }


def funding_summary_context(parameters: dict) -> dict:
    years = public_years()
    year = int(parameters.get("year") or (years[0] if years else timezone.now().year))
    ledger = year_ledger(year, on=timezone.localdate())
    return {
        "title": _("Funding summary %(year)s") % {"year": year},
        "generated_at": timezone.now(),
        "year": year,
        "page": public_year(year),
        "ledger": ledger,
    }


def fee_invoice_context(parameters: dict) -> dict:
    invoice = FeeInvoice.objects.select_related("local_government").get(pk=parameters["invoice"])
    return {
        "title": _("Membership fee invoice"),
        "generated_at": timezone.now(),
        "invoice": invoice,
    }


register(
    ReportKind(
        code=DONOR_REPORT,
        title=_("Donor report"),
        template="print/donor_report.html",
        build_context=donor_report_context,
        may_request=is_mu_staff,
        in_request_form=False,
    )
)
register(
    ReportKind(
        code=FUNDING_SUMMARY,
        title=_("Annual funding summary for the ISC"),
        template="print/funding_summary.html",
        build_context=funding_summary_context,
        may_request=is_mu_staff,
    )
)


register(
    ReportKind(
        code=FEE_INVOICE,
        title=_("Membership fee invoice"),
        template="print/fee_invoice.html",
        build_context=fee_invoice_context,
        may_request=is_mu_staff,
        in_request_form=False,
    )
)


def request_fee_invoice(*, invoice: FeeInvoice, actor, language: str | None = None):
    """Queue ``invoice``'s PDF, in the city's language of work unless ``language`` is
    given (rendered in the background; it appears under Reports when ready).

    Raises ``ReportNotAllowed`` unless ``actor`` is Management Unit staff, ``FundingError``
    while membership fees are switched off.
    """
    if not is_mu_staff(actor):
        raise ReportNotAllowed(FEE_INVOICE)
    check_fees_enabled()
    city = invoice.local_government
    return request_report(
        kind=FEE_INVOICE,
        language=supported_language(language, *(city.languages or [])),
        actor=actor,
        parameters={"invoice": invoice.pk},
    )


def request_donor_report(*, donor: Donor, year: int, language: str, actor) -> ReportRequest:
    """Queue the PDF of ``donor``'s ``year`` in ``language`` (rendered in the background).

    Raises ``ReportNotAllowed`` unless ``actor`` is Management Unit staff, ``FundingError``
    when the donor gave nothing that year (an empty report helps nobody).
    """
    if not is_mu_staff(actor):
        raise ReportNotAllowed(DONOR_REPORT)
    if not Contribution.objects.filter(donor=donor, year=year).exists():
        raise FundingError(
            _("%(donor)s has no contribution in %(year)s.") % {"donor": donor, "year": year},
            code="no_contribution",
        )
    return request_report(
        kind=DONOR_REPORT,
        language=language,
        actor=actor,
        parameters={"donor": donor.pk, "year": year},
    )
