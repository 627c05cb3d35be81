"""The governance records whose every change is kept in the audit trail."""

from scn_portal.audit.registry import register

from .models import (
    CalendarFeedKey,
    CoChairTerm,
    Expert,
    IscRegionTarget,
    IscSettings,
    IscTerm,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesReview,
    TermsOfReference,
    WorkingGroupMembership,
)

for model in (
    IscTerm,
    CoChairTerm,
    IscSettings,
    IscRegionTarget,
    Minutes,
    MinutesItem,
    MinutesComment,
    MinutesReview,
    TermsOfReference,
    WorkingGroupMembership,
):
    register(model)
register(Expert, m2m=("priorities", "regions"))

# Who replaced a calendar feed address, and when; never the key (the address's secret).
register(CalendarFeedKey, exclude=("key",))
