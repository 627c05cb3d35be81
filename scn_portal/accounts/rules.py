import rules

from .roles import MANAGEMENT_UNIT_GROUP, Role, register


@rules.predicate
def is_mu_staff(user) -> bool:
    """Management Unit staff: run the whole network from the admin."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    # Asked several times per request (navigation, admin, rules): remember the answer.
    cached = getattr(user, "_scn_is_mu_staff", None)
    if cached is None:
        cached = user.groups.filter(name=MANAGEMENT_UNIT_GROUP).exists()
        user._scn_is_mu_staff = cached
    return cached


register(Role.MU_STAFF, is_mu_staff)


@rules.predicate
def works_for_the_network(user) -> bool:
    """Management Unit or regional hub staff: whoever the staff work queue is for."""
    from .roles import roles_of

    return bool(roles_of(user) & {Role.MU_STAFF, Role.HUB_STAFF})
