"""What MEL counts from the funding data (``scn_portal.mel.registry``): the Technical
Support Fund's commitments against its rounds' envelopes, the grants delivered and their
value, and what donors gave against the operating costs; in US dollars at each record's
own stored rate, so a period gives the same figure whenever it is asked.

The figures read the funding selectors (``funding.selectors``): the fund's committed
statuses, the year's contributions as the ledger reads them. A period of a quarter counts
the contributions pledged in it; operating costs are known per year only.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.measures import in_scope
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import (
    HUB,
    REGION,
    ChartSource,
    Measure,
    ReportSection,
    register_charts,
    register_measure,
    register_report_section,
)
from scn_portal.web.charts import Chart, Row

from .models import Contribution, FundApplication, FundRound, FundTransition, OperatingCost
from .selectors.fund import envelope_of
from .selectors.ledger import ZERO, year_ledger
from .selectors.transparency import public_year

FUND = register_report_section(
    ReportSection(code="fund", title=_("Technical Support Fund"), order=40)
).code
FUNDING = register_report_section(
    ReportSection(code="funding", title=_("Funding and costs"), order=50)
).code


def _total(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Sum(field))["total"] or ZERO


def rounds_opened(period: Period, filters: dict):
    """The fund's rounds (and standing windows) that opened in the period."""
    return FundRound.objects.filter(opens_on__gte=period.start, opens_on__lte=period.end)


def envelopes(period: Period, filters: dict) -> Decimal:
    return _total(rounds_opened(period, filters), "envelope_usd")


def commitments(period: Period, filters: dict):
    """Grants approved in the period and not withdrawn since: what counts against the
    envelope of their round (``FundApplication.COMMITTED``)."""
    return in_scope(
        FundApplication.objects.filter(
            status__in=FundApplication.COMMITTED,
            decided_at__gte=period.starts_at,
            decided_at__lt=period.ends_at,
        ),
        filters,
        "local_government__",
    )


def committed_usd(period: Period, filters: dict) -> Decimal:
    return _total(commitments(period, filters), "approved_usd")


def grants_delivered(period: Period, filters: dict):
    """Grants whose delivery was completed (closed) in the period."""
    closed = FundTransition.objects.filter(
        to_status=FundApplication.Status.CLOSED,
        created_at__gte=period.starts_at,
        created_at__lt=period.ends_at,
    ).values("application")
    return in_scope(
        FundApplication.objects.filter(pk__in=closed, status=FundApplication.Status.CLOSED),
        filters,
        "local_government__",
    )


def delivered_usd(period: Period, filters: dict) -> Decimal:
    return _total(grants_delivered(period, filters), "approved_usd")


def contributions(period: Period, filters: dict):
    """Financial and in-kind contributions of the period's year (of a quarter: pledged in
    it)."""
    given = Contribution.objects.of_year(period.year)
    if period.quarter:
        given = given.filter(pledged_on__gte=period.start, pledged_on__lte=period.end)
    return given


def contributions_usd(period: Period, filters: dict) -> Decimal:
    """Their value in USD at each contribution's stored rate (as the ledger adds them)."""
    return sum((c.amount_usd for c in contributions(period, filters)), ZERO)


def operating_costs(period: Period, filters: dict):
    """The year's operating costs (a quarter has none of its own)."""
    if period.quarter:
        return OperatingCost.objects.none()
    return OperatingCost.objects.filter(year=period.year)


def operating_costs_usd(period: Period, filters: dict) -> Decimal:
    return _total(operating_costs(period, filters), "amount_usd")


def costs_covered(period: Period, filters: dict) -> Decimal:
    """The share (%) of the year's operating costs that its contributions cover."""
    costs = operating_costs_usd(period, filters)
    if not costs:
        return ZERO
    given = contributions_usd(period, filters)
    return (given * 100 / costs).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


register_measure(
    Measure(
        key="funding.fund_envelopes",
        label=_("Envelopes of the fund's rounds opened in the period (USD)"),
        records=rounds_opened,
        value=envelopes,
        section=FUND,
        order=10,
    )
)
register_measure(
    Measure(
        key="funding.fund_committed",
        label=_("Fund grants approved in the period (USD)"),
        records=commitments,
        value=committed_usd,
        dimensions=(REGION, HUB),
        section=FUND,
        order=20,
    )
)
register_measure(
    Measure(
        key="funding.grants_delivered",
        label=_("Technical Support Fund grants delivered"),
        records=grants_delivered,
        dimensions=(REGION, HUB),
        section=FUND,
        order=30,
        listed=True,
        by_region=True,
    )
)
register_measure(
    Measure(
        key="funding.grants_delivered_usd",
        label=_("Value of the fund grants delivered (USD)"),
        records=grants_delivered,
        value=delivered_usd,
        dimensions=(REGION, HUB),
        section=FUND,
        order=40,
    )
)
register_measure(
    Measure(
        key="funding.contributions_usd",
        label=_("Contributions of donors and partners, financial and in kind (USD)"),
        records=contributions,
        value=contributions_usd,
        section=FUNDING,
        order=10,
    )
)
register_measure(
    Measure(
        key="funding.operating_costs_usd",
        label=_("Operating costs (USD)"),
        records=operating_costs,
        value=operating_costs_usd,
        section=FUNDING,
        order=20,
    )
)
register_measure(
    Measure(
        key="funding.costs_covered",
        label=_("Share of the operating costs covered by contributions (%)"),
        records=contributions,
        value=costs_covered,
        section=FUNDING,
        order=30,
    )
)


def _usd(value: Decimal | None) -> int | None:
    """Whole dollars, so a chart's numbers read alike in every language."""
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fund_charts(year: int, *, public: bool = False) -> list[Chart]:
    """The envelopes of the year's rounds, what was committed against them, and what is
    left (``selectors.fund.envelope_of``, one query per round)."""
    rounds = list(rounds_opened(Period(year), {}).order_by("opens_on", "pk"))
    if not rounds:
        return []
    held = [envelope_of(r) for r in rounds]
    envelope = sum((e.envelope for e in held), ZERO)
    committed = sum((e.committed for e in held), ZERO)
    return [
        Chart(
            code="fund-envelope",
            title=_("Fund commitments against the envelopes (USD)"),
            category=_("Technical Support Fund"),
            measure=_("USD"),
            rows=[
                Row(_("Envelopes of the year's rounds"), _usd(envelope)),
                Row(_("Committed to grants"), _usd(committed)),
                Row(_("Still available"), _usd(envelope - committed)),
            ],
        )
    ]


def funding_charts(year: int, *, public: bool = False) -> list[Chart]:
    """Funding by donor and by type of support against the operating costs, in USD at the
    stored rates. In public, donors show as they asked: anonymous ones summed in one line,
    never named (``selectors.transparency.public_year``); staff read the ledger."""
    ledger = year_ledger(year, on=timezone.localdate())
    if not ledger.contributions and ledger.costs is None:
        return []
    costs = [Row(_("Operating costs"), _usd(ledger.costs))] if ledger.costs is not None else []
    if public:
        by_donor = [Row(line.source, _usd(line.total_usd)) for line in public_year(year).lines]
    else:
        by_donor = [Row(line.label, _usd(line.total)) for line in ledger.by_donor]
    by_type = [Row(line.label, _usd(line.total)) for line in ledger.by_support_type if line.total]
    return [
        Chart(
            code="funding-by-donor",
            title=_("Funding by donor against operating costs (USD)"),
            category=_("Donor"),
            measure=_("USD"),
            rows=[*by_donor, *costs],
        ),
        Chart(
            code="funding-by-support-type",
            title=_("Funding by type of support against operating costs (USD)"),
            category=_("Type of support"),
            measure=_("USD"),
            rows=[*by_type, *costs],
        ),
    ]


register_charts(ChartSource(key="funding.fund", section=FUND, order=40, charts=fund_charts))
register_charts(
    ChartSource(key="funding.funding", section=FUNDING, order=50, charts=funding_charts)
)
