"""The hubs app's records, one module per kind: the hubs and their teams (``hubs``)."""

from .helpdesk import HelpAttachment, HelpMessage, HelpRequest
from .hubs import Hub, HubStaff
from .needs import CapacityGap, NeedsAssessment

__all__ = [
    "CapacityGap",
    "HelpAttachment",
    "HelpMessage",
    "HelpRequest",
    "Hub",
    "HubStaff",
    "NeedsAssessment",
]
