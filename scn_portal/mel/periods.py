"""Reporting periods: a calendar year ("2025") or a quarter ("2025-Q2")."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, code: str) -> "Period":
        """The period a code names; ValueError for anything else."""
        match = _PATTERN.match((code or "").strip())
        if match is None:
            raise ValueError(code)
        quarter = match["quarter"]
        return cls(int(match["year"]), int(quarter) if quarter else None)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def start(self) -> datetime.date:
        month = 3 * (self.quarter - 1) + 1 if self.quarter else 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period (inclusive)."""
        if self.quarter is None or self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)

    @property
    def starts_at(self) -> datetime.datetime:
        """The first moment of the period, in the portal's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the period (exclusive)."""
        after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(after, datetime.time.min))

    def label(self) -> str:
        if self.quarter:
            # Translators: a quarter of a year, e.g. "Q2 2025".
            return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)

    def quarters(self) -> list["Period"]:
        return [Period(self.year, q) for q in range(1, 5)] if self.quarter is None else [self]

    def __str__(self) -> str:
        return self.code


def closed_periods(today: datetime.date, *, years_back: int = 1) -> list[Period]:
    """The quarters and years that ended before ``today``, from ``years_back`` years before
    the current one: what the beat task snapshots."""
    periods = []
    for year in range(today.year - years_back, today.year + 1):
        for period in (*Period(year).quarters(), Period(year)):
            if period.end < today:
                periods.append(period)
    return periods
