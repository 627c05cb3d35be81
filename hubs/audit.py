"""Hub assignments grant a role: every change is kept in the audit trail."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import (
    Activity,
    ActivityDocument,
    ActivityInvitation,
    CapacityGap,
    CentralTeam,
    HelpMessage,
    HelpRequest,
    Hub,
    HubStaff,
    NeedsAssessment,
    Registration,
)

# Which regions a hub covers is which cities its staff may see and change.
register(Hub, m2m=("regions",))
register(HubStaff)
# The central team's help-desk target decides when its requests are due.
register(CentralTeam)
register(NeedsAssessment, m2m=("priorities",))
register(CapacityGap)
register(HelpRequest)
register(HelpMessage)
# Activities: what is convened, who holds a seat, who was seated beyond capacity and why.
register(Activity, m2m=("priorities",))
register(ActivityDocument)
register(ActivityInvitation)
register(Registration)

register_events(
    {
        "hub_added": _("Regional hub added"),
        "hub_changed": _("Regional hub changed"),
        "hub_page_edited": _("Regional hub's description edited by its staff"),
        "hub_team_member_changed": _("Hub team member's role or listing changed"),
        "central_team_changed": _("Central team's help-desk target changed"),
        "needs_assessment_recorded": _("Needs assessment recorded"),
        "needs_assessment_submitted": _("Needs assessment submitted by the city"),
        "help_request_asked": _("Help-desk request asked"),
        "help_request_assigned": _("Help-desk request assigned"),
        "help_request_answered": _("Help-desk request answered"),
        "help_request_followed_up": _("Help-desk request followed up by the city"),
        "help_request_started": _("Help-desk request in progress"),
        "help_request_closed": _("Help-desk request closed"),
        "help_request_reopened": _("Help-desk request reopened"),
        "activity_created": _("Activity created"),
        "activity_changed": _("Activity changed"),
        "activity_document_added": _("Activity document added"),
        "activity_document_changed": _("Activity document changed"),
        "activity_registered": _("Registered for an activity"),
        "activity_registration_cancelled": _("Activity registration cancelled"),
        "activity_seat_offered": _("Activity seat offered from the wait-list"),
        "activity_offer_accepted": _("Activity seat offer accepted"),
        "activity_offer_declined": _("Activity seat offer declined"),
        "activity_offer_expired": _("Activity seat offer expired"),
        "activity_seated_beyond_capacity": _("Seated beyond an activity's capacity"),
        "activity_cities_invited": _("Cities invited to an activity"),
        "activity_attendance_recorded": _("Activity attendance recorded"),
    }
)
