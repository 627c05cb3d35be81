"""Exchange rates to US dollars: entered by staff or imported from CSV, and looked up
for a currency on a date. No remote rate service is called, ever."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from moneyed import CURRENCIES

from scn_portal.audit.events import audit_event

from ..errors import FundingError
from ..models import ExchangeRate

USD = "USD"
CSV_COLUMNS = ("currency", "date", "usd_per_unit")


def check_currency(code: str) -> str:
    """``code`` as an ISO 4217 currency the ledger knows, upper-cased; refused otherwise."""
    normalised = (code or "").strip().upper()
    if normalised not in CURRENCIES or normalised == "XXX":
        raise FundingError(
            _("“%(code)s” is not an ISO 4217 currency code.") % {"code": code},
            code="unknown_currency",
        )
    return normalised


@dataclass(frozen=True)
class Rate:
    usd_per_unit: Decimal
    on: date


def rate_for(*, currency: str, on: date) -> Rate:
    """The latest rate of ``currency`` on or before ``on`` (US dollars are 1 on any day).

    Raises ``FundingError`` when no rate has been entered for that currency by that date.
    """
    currency = check_currency(currency)
    if currency == USD:
        return Rate(usd_per_unit=Decimal(1), on=on)
    rate = ExchangeRate.objects.filter(currency=currency, on__lte=on).order_by("-on").first()
    if rate is None:
        raise FundingError(
            _(
                "No exchange rate of %(currency)s to US dollars on or before %(date)s: "
                "enter one first (Exchange rates)."
            )
            % {"currency": currency, "date": on.isoformat()},
            code="missing_rate",
        )
    return Rate(usd_per_unit=rate.usd_per_unit, on=rate.on)


def _check_rate(value) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise FundingError(
            _("“%(value)s” is not a number.") % {"value": value}, code="invalid_rate"
        ) from None
    if not rate.is_finite() or rate <= 0:
        raise FundingError(_("A rate must be more than zero."), code="invalid_rate")
    return rate


@audit_event("exchange_rate_recorded")
@transaction.atomic
def record_exchange_rate(
    *, currency: str, on: date, usd_per_unit, source: str = "", actor
) -> ExchangeRate:
    """Record (or correct) the rate of ``currency`` on ``on``. The admin checks who may."""
    currency = check_currency(currency)
    if currency == USD:
        raise FundingError(_("US dollars need no rate."), code="usd_rate")
    rate, _created = ExchangeRate.objects.update_or_create(
        currency=currency,
        on=on,
        defaults={"usd_per_unit": _check_rate(usd_per_unit), "source": source},
    )
    return rate


@audit_event("exchange_rates_imported")
@transaction.atomic
def import_exchange_rates(*, text: str, source: str = "", actor) -> list[ExchangeRate]:
    """Import rates from CSV text with the header ``currency,date,usd_per_unit``.

    Every row is checked first; if any is wrong, ``FundingError`` lists each wrong row by
    its line number and nothing is saved. A row for a currency and day already known
    replaces that rate.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if tuple(header[:3]) != CSV_COLUMNS:
        raise FundingError(
            _("The first line must be the header: %(header)s.") % {"header": ",".join(CSV_COLUMNS)},
            code="csv_header",
        )
    reader.fieldnames = header
    rows, errors = [], []
    for line, row in enumerate(reader, start=2):
        try:
            currency = check_currency(row.get("currency") or "")
            if currency == USD:
                raise FundingError(_("US dollars need no rate."), code="usd_rate")
            try:
                on = parse_date((row.get("date") or "").strip())
            except ValueError:
                on = None
            if on is None:
                raise FundingError(
                    _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": row.get("date")},
                    code="invalid_date",
                )
            rows.append((currency, on, _check_rate(row.get("usd_per_unit") or "")))
        except FundingError as error:
            errors.append(
                _("Line %(line)d: %(error)s") % {"line": line, "error": error.messages[0]}
            )
    if errors:
        raise FundingError(errors, code="csv_rows")
    if not rows:
        raise FundingError(_("The file has no rates."), code="csv_empty")
    return [
        record_exchange_rate(currency=c, on=on, usd_per_unit=r, source=source, actor=actor)
        for c, on, r in rows
    ]
