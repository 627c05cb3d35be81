import rules

from scn_portal.accounts.roles import Role, register
from scn_portal.accounts.scoping import register_region_provider


@rules.predicate
def is_hub_staff(user) -> bool:
    """Works for an active regional hub (admin access, scoped to that hub)."""
    if not user or not user.is_authenticated or not user.is_staff:
        return False
    from .models import HubStaff

    return HubStaff.objects.filter(user=user, hub__is_active=True).exists()


register(Role.HUB_STAFF, is_hub_staff)


def hub_region_ids(user) -> list[int]:
    """Regions covered by the active hubs this user works for."""
    from .models import Hub

    return list(
        Hub.objects.filter(staff__user=user, is_active=True)
        .values_list("regions__id", flat=True)
        .exclude(regions__id=None)
    )


register_region_provider(hub_region_ids)
