"""The year's ledger for staff: pledged, received, in kind, by donor, by type of support
and by earmark, against operating costs; and the instalments that are overdue.

Every figure is in US dollars at each contribution's own stored rate, so the same year
gives the same totals whenever it is asked. A year costs a constant number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Contribution, Instalment, OperatingCost, SupportType, to_usd

ZERO = Decimal("0.00")


@dataclass
class Line:
    label: str
    pledged: Decimal = ZERO
    received: Decimal = ZERO
    in_kind: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.pledged + self.in_kind


@dataclass
class Overdue:
    instalment: Instalment
    contribution: Contribution
    shortfall: Decimal  # in the contribution's currency
    days: int


@dataclass
class YearLedger:
    year: int
    pledged: Decimal = ZERO
    received: Decimal = ZERO
    in_kind: Decimal = ZERO
    costs: Decimal | None = None
    by_donor: list[Line] = field(default_factory=list)
    by_support_type: list[Line] = field(default_factory=list)
    by_earmark: list[Line] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    fund: dict | None = None

    @property
    def total(self) -> Decimal:
        return self.pledged + self.in_kind

    @property
    def gap(self) -> Decimal | None:
        """Operating costs not covered by what was pledged and given in kind (negative:
        more than the costs)."""
        return None if self.costs is None else self.costs - self.total

    @property
    def coverage(self) -> int | None:
        if not self.costs:
            return None
        return int((self.total * 100 / self.costs).to_integral_value())


def contributions_of_year(year: int) -> list[Contribution]:
    """The year's contributions with what the ledger reads of them (three queries)."""
    return list(
        Contribution.objects.of_year(year)
        .select_related("donor__organisation", "support_type", "hub", "priority", "activity")
        .prefetch_related("receipts", "instalments")
        .order_by("donor__organisation__name", "pk")
    )


def received_amount(contribution: Contribution) -> Decimal:
    """Received in the contribution's currency (from the prefetched receipts)."""
    return sum((r.amount for r in contribution.receipts.all()), ZERO)


def received_usd(contribution: Contribution) -> Decimal:
    return to_usd(received_amount(contribution), contribution.usd_rate)


def _add(line: Line, contribution: Contribution) -> None:
    if contribution.kind == Contribution.Kind.IN_KIND:
        line.in_kind += contribution.amount_usd
    else:
        line.pledged += contribution.amount_usd
        line.received += received_usd(contribution)


def overdue_in(contributions, on: date) -> list[Overdue]:
    """Instalments due before ``on`` that what was received does not yet cover (the
    receipts pay the schedule in date order)."""
    overdue = []
    for contribution in contributions:
        if contribution.kind != Contribution.Kind.FINANCIAL:
            continue
        received = received_amount(contribution)
        scheduled = ZERO
        for instalment in sorted(contribution.instalments.all(), key=lambda i: i.due_on):
            scheduled += instalment.amount
            if instalment.due_on >= on:
                break
            if received < scheduled:
                overdue.append(
                    Overdue(
                        instalment=instalment,
                        contribution=contribution,
                        shortfall=min(instalment.amount, scheduled - received),
                        days=(on - instalment.due_on).days,
                    )
                )
    return overdue


def overdue_instalments(on: date) -> list[Overdue]:
    """Every overdue instalment of any year (for the reminder and the work queue)."""
    contributions = (
        Contribution.objects.financial()
        .filter(instalments__due_on__lt=on)
        .distinct()
        .select_related("donor__organisation")
        .prefetch_related("receipts", "instalments")
    )
    return overdue_in(contributions, on)


def fund_grants(year: int) -> dict | None:
    """What the Technical Support Fund approved in ``year`` (USD, by its kinds of support),
    from the fund's own selector (``funding.selectors.fund.fund_totals``); None while the
    fund is not installed."""
    try:
        from .fund import fund_totals
    except ImportError:
        return None
    return fund_totals(year)


def year_ledger(year: int, *, on: date) -> YearLedger:
    """The ledger of ``year`` as staff read it (``on``: today, for overdue instalments)."""
    contributions = contributions_of_year(year)
    ledger = YearLedger(year=year, contributions=contributions)
    cost = OperatingCost.objects.filter(year=year).first()
    ledger.costs = cost.amount_usd if cost else None

    donors: dict[int, Line] = {}
    types = {t.pk: Line(label=str(t)) for t in SupportType.objects.all()}
    unassigned = Line(label=_("No type of support"))
    earmarks: dict[str, Line] = defaultdict(lambda: Line(label=""))
    for contribution in contributions:
        _add(ledger_line := Line(label=""), contribution)
        ledger.pledged += ledger_line.pledged
        ledger.received += ledger_line.received
        ledger.in_kind += ledger_line.in_kind
        donor = donors.setdefault(
            contribution.donor_id, Line(label=str(contribution.donor.organisation))
        )
        _add(donor, contribution)
        _add(types.get(contribution.support_type_id, unassigned), contribution)
        for label in contribution.earmarks() or [_("Unrestricted")]:
            line = earmarks[label]
            line.label = label
            _add(line, contribution)
    ledger.fund = fund_grants(year)
    ledger.by_donor = sorted(donors.values(), key=lambda line: -line.total)
    ledger.by_support_type = [*types.values(), unassigned]
    ledger.by_earmark = sorted(earmarks.values(), key=lambda line: -line.total)
    ledger.overdue = overdue_in(contributions, on)
    return ledger


def ledger_years() -> list[int]:
    """Years with contributions or operating costs, latest first."""
    years = set(Contribution.objects.values_list("year", flat=True).distinct())
    years |= set(OperatingCost.objects.values_list("year", flat=True))
    return sorted(years, reverse=True)
