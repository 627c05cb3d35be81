"""The hubs app's records, one module per kind: the hubs and their teams (``hubs``)."""

from .activities import Activity, ActivityDocument, ActivityInvitation, Registration
from .helpdesk import HelpAttachment, HelpMessage, HelpRequest
from .hubs import CentralTeam, Hub, HubStaff
from .needs import CapacityGap, NeedsAssessment

__all__ = [
    "Activity",
    "ActivityDocument",
    "ActivityInvitation",
    "CapacityGap",
    "CentralTeam",
    "HelpAttachment",
    "HelpMessage",
    "HelpRequest",
    "Hub",
    "HubStaff",
    "NeedsAssessment",
    "Registration",
]
