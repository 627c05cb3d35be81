"""The governance records whose every change is kept in the audit trail, and the events
governance's services name (``governance.services``)."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import (
    AgendaItem,
    Attendance,
    CalendarFeedKey,
    CoChairTerm,
    Expert,
    ExpertEngagement,
    IscRegionTarget,
    IscSettings,
    IscTerm,
    Meeting,
    MeetingPaper,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesReview,
    TermsOfReference,
    WorkingGroup,
    WorkingGroupMeeting,
    WorkingGroupMembership,
)

for model in (
    IscTerm,
    CoChairTerm,
    IscSettings,
    IscRegionTarget,
    TermsOfReference,
    Meeting,
    AgendaItem,
    MeetingPaper,
    Attendance,
    Minutes,
    MinutesItem,
    MinutesComment,
    MinutesReview,
    WorkingGroupMembership,
    WorkingGroupMeeting,
    ExpertEngagement,
):
    register(model)
# Who convenes a group, and its priorities, are part of the group's record.
register(WorkingGroup, m2m=("priorities", "convenors"))
register(Expert, m2m=("priorities", "regions"))

# Who replaced a calendar feed address, and when; never the key (the address's secret).
register(CalendarFeedKey, exclude=("key",))

register_events(
    {
        # The ISC
        "isc_member_appointed": _("ISC member appointed"),
        "isc_term_renewed": _("ISC term renewed"),
        "isc_term_changed": _("ISC term corrected"),
        "isc_term_ended": _("ISC term ended early"),
        "isc_term_holder_replaced": _("ISC seat holder replaced"),
        "co_chair_appointed": _("Co-chair appointed"),
        "co_chair_term_changed": _("Co-chair term corrected"),
        "co_chair_term_ended": _("Co-chair term ended early"),
        # Meetings
        "meeting_scheduled": _("ISC meeting scheduled"),
        "meeting_changed": _("ISC meeting changed"),
        "paper_added": _("Meeting paper added"),
        "paper_changed": _("Meeting paper changed"),
        "calendar_link_replaced": _("Calendar link replaced"),
        # Minutes
        "minutes_started": _("Minutes started"),
        "minutes_item_written": _("Minutes of an agenda item written"),
        "minutes_circulated": _("Minutes circulated for review"),
        "minutes_comment_added": _("Comment on minutes added"),
        "minutes_review_recorded": _("Answer on minutes recorded"),
        "minutes_comment_resolved": _("Comment on minutes resolved"),
        "minutes_approved": _("Minutes approved"),
        "minutes_published": _("Minutes published"),
        "minutes_corrected": _("Minutes corrected with a new version"),
        # Working groups
        "join_requested": _("Asked to join a working group"),
        "join_request_accepted": _("Request to join accepted"),
        "join_request_declined": _("Request to join declined"),
        "group_member_added": _("Working group member added"),
        "group_membership_changed": _("Working group member changed"),
        # The pool of experts
        "expert_added": _("Expert added to the pool"),
        "expert_changed": _("Expert changed"),
        "expert_profile_updated": _("Expert profile updated by the expert"),
        "expert_engaged": _("Expert engagement recorded"),
        "engagement_changed": _("Expert engagement changed"),
    }
)
