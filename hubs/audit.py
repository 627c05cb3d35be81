"""Hub assignments grant a role: every change is kept in the audit trail."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import CapacityGap, HelpMessage, HelpRequest, Hub, HubStaff, NeedsAssessment

# Which regions a hub covers is which cities its staff may see and change.
register(Hub, m2m=("regions",))
register(HubStaff)
register(NeedsAssessment, m2m=("priorities",))
register(CapacityGap)
register(HelpRequest)
register(HelpMessage)

register_events(
    {
        "needs_assessment_recorded": _("Needs assessment recorded"),
        "needs_assessment_submitted": _("Needs assessment submitted by the city"),
        "help_request_asked": _("Help-desk request asked"),
        "help_request_assigned": _("Help-desk request assigned"),
        "help_request_answered": _("Help-desk request answered"),
        "help_request_followed_up": _("Help-desk request followed up by the city"),
        "help_request_started": _("Help-desk request in progress"),
        "help_request_closed": _("Help-desk request closed"),
        "help_request_reopened": _("Help-desk request reopened"),
    }
)
