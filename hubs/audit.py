"""Hub assignments grant a role: every change is kept in the audit trail."""

from scn_portal.audit.registry import register

from .models import Hub, HubStaff

# Which regions a hub covers is which cities its staff may see and change.
register(Hub, m2m=("regions",))
register(HubStaff)
