"""The governance records, one module per sub-domain; every model is importable from here
(``from governance.models import IscTerm``), as the migrations expect."""

from .experts import Expert, ExpertEngagement
from .groups import WorkingGroup, WorkingGroupMeeting, WorkingGroupMembership
from .isc import (
    CoChairTerm,
    IscRegionTarget,
    IscSettings,
    IscTerm,
    IscTermQuerySet,
    Term,
    TermsOfReference,
    TermsOfReferenceQuerySet,
)
from .meetings import (
    AgendaItem,
    Attendance,
    CalendarFeedKey,
    Meeting,
    MeetingPaper,
    meeting_paper_path,
    new_calendar_feed_key,
    validate_time_zone,
)
from .minutes import Minutes, MinutesComment, MinutesItem, MinutesReview

__all__ = [
    "AgendaItem",
    "Attendance",
    "CalendarFeedKey",
    "CoChairTerm",
    "Expert",
    "ExpertEngagement",
    "IscRegionTarget",
    "IscSettings",
    "IscTerm",
    "IscTermQuerySet",
    "Meeting",
    "MeetingPaper",
    "Minutes",
    "MinutesComment",
    "MinutesItem",
    "MinutesReview",
    "Term",
    "TermsOfReference",
    "TermsOfReferenceQuerySet",
    "WorkingGroup",
    "WorkingGroupMeeting",
    "WorkingGroupMembership",
    "meeting_paper_path",
    "new_calendar_feed_key",
    "validate_time_zone",
]
