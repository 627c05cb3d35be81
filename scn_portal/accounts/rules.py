import rules

from .roles import MANAGEMENT_UNIT_GROUP, Role, register


@rules.predicate
def is_mu_staff(user) -> bool:
    """Management Unit staff: run the whole network from the admin."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=MANAGEMENT_UNIT_GROUP).exists()


register(Role.MU_STAFF, is_mu_staff)
