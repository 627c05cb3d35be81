"""What the public may see of the ledger: where the money comes from, by year.

Each donor is shown as it asked: by name (each contribution, in its own currency and in
USD with the rate's date), by category only (summed per category, in USD), or not at
all (every anonymous donor summed into one "Anonymous donors" line). The lines add up to
the year's ledger exactly: nothing is left out, nothing is named that should not be.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Contribution, Donor
from .ledger import ZERO, contributions_of_year


@dataclass
class PublicLine:
    """One line of the public page: a named donor's contribution, or a sum."""

    source: str
    financial_usd: Decimal = ZERO
    in_kind_usd: Decimal = ZERO
    restricted_usd: Decimal = ZERO
    # Only for a named donor's own contribution:
    original: object = None  # a Money
    rate_on: date | None = None
    restricted: bool | None = None
    kind: str = ""

    @property
    def total_usd(self) -> Decimal:
        return self.financial_usd + self.in_kind_usd


@dataclass
class PublicYear:
    year: int
    named: list[PublicLine] = field(default_factory=list)
    categories: list[PublicLine] = field(default_factory=list)
    anonymous: PublicLine | None = None

    @property
    def lines(self) -> list[PublicLine]:
        return [*self.named, *self.categories, *([self.anonymous] if self.anonymous else [])]

    @property
    def financial_usd(self) -> Decimal:
        return sum((line.financial_usd for line in self.lines), ZERO)

    @property
    def in_kind_usd(self) -> Decimal:
        return sum((line.in_kind_usd for line in self.lines), ZERO)

    @property
    def total_usd(self) -> Decimal:
        return self.financial_usd + self.in_kind_usd


def _count(line: PublicLine, contribution: Contribution) -> None:
    usd = contribution.amount_usd
    if contribution.kind == Contribution.Kind.IN_KIND:
        line.in_kind_usd += usd
    else:
        line.financial_usd += usd
    if contribution.is_restricted:
        line.restricted_usd += usd


def public_year(year: int) -> PublicYear:
    """The public view of ``year``'s funding sources (a constant number of queries)."""
    page = PublicYear(year=year)
    categories: dict[str, PublicLine] = {}
    for contribution in contributions_of_year(year):
        donor = contribution.donor
        if donor.naming == Donor.Naming.NAMED:
            line = PublicLine(
                source=str(donor.organisation),
                original=contribution.amount,
                rate_on=contribution.rate_on,
                restricted=contribution.is_restricted,
                kind=contribution.get_kind_display(),
            )
            _count(line, contribution)
            page.named.append(line)
        elif donor.naming == Donor.Naming.CATEGORY:
            label = donor.public_name()
            line = categories.setdefault(label, PublicLine(source=label))
            _count(line, contribution)
        else:
            if page.anonymous is None:
                page.anonymous = PublicLine(source=_("Anonymous donors"))
            _count(page.anonymous, contribution)
    page.categories = sorted(categories.values(), key=lambda line: line.source)
    return page


def public_years() -> list[int]:
    """Years with at least one contribution, latest first."""
    return sorted(set(Contribution.objects.values_list("year", flat=True)), reverse=True)
