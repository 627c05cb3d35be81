"""The funding app's records, one module per kind: donors (``donors``), the types of
support (``support``), partners and agreements (``partners``), contributions, rates and
operating costs (``contributions``), membership fees (``fees``)."""

from .contributions import (
    Contribution,
    ExchangeRate,
    Instalment,
    OperatingCost,
    Receipt,
    to_usd,
)
from .donors import Donor
from .fees import FeeInvoice, FeeSchedule
from .partners import Agreement, Engagement, Partner, Partnership
from .support import SupportType

__all__ = [
    "Agreement",
    "Contribution",
    "Donor",
    "Engagement",
    "ExchangeRate",
    "FeeInvoice",
    "FeeSchedule",
    "Instalment",
    "OperatingCost",
    "Partner",
    "Partnership",
    "Receipt",
    "SupportType",
    "to_usd",
]
