import rules

from scn_portal.accounts.roles import Role, register


@rules.predicate
def is_hub_staff(user) -> bool:
    """Works for an active regional hub (admin access, scoped to that hub)."""
    if not user or not user.is_authenticated or not user.is_staff:
        return False
    from .models import HubStaff

    return HubStaff.objects.filter(user=user, hub__is_active=True).exists()


register(Role.HUB_STAFF, is_hub_staff)
