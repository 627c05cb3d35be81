"""Hub assignments grant a role: every change is kept in the audit trail."""

from scn_portal.audit.registry import register

from .models import Hub, HubStaff

register(Hub)
register(HubStaff)
