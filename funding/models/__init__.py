"""The funding app's records, one module per kind: donors (``donors``), the types of
support (``support``), partners and agreements (``partners``), contributions, rates and
operating costs (``contributions``), membership fees (``fees``), and the Technical Support
Fund (``fund``)."""

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
from .fund import (
    ApprovalAmendment,
    Disbursement,
    FundApplication,
    FundReport,
    FundReview,
    FundRound,
    FundScore,
    FundTransition,
    Milestone,
    RubricCriterion,
    SupportKind,
)
from .partners import Agreement, Engagement, Partner, Partnership
from .support import SupportType

__all__ = [
    "Agreement",
    "ApprovalAmendment",
    "Contribution",
    "Disbursement",
    "Donor",
    "Engagement",
    "ExchangeRate",
    "FeeInvoice",
    "FeeSchedule",
    "FundApplication",
    "FundReport",
    "FundReview",
    "FundRound",
    "FundScore",
    "FundTransition",
    "Instalment",
    "Milestone",
    "OperatingCost",
    "Partner",
    "Partnership",
    "Receipt",
    "RubricCriterion",
    "SupportKind",
    "SupportType",
    "to_usd",
]
