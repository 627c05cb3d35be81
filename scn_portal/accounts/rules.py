import rules

from .roles import MANAGEMENT_UNIT_GROUP, Role, known_role, register


def _mu_staff_rows(user):
    """Management Unit staff, as ``roles_of`` asks it: the group, unless already known."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    cached = getattr(user, "_scn_is_mu_staff", None)
    if cached is None:
        cached = known_role(user, Role.MU_STAFF)
    return user.groups.filter(name=MANAGEMENT_UNIT_GROUP) if cached is None else cached


@rules.predicate
def is_mu_staff(user) -> bool:
    """Management Unit staff: run the whole network from the admin."""
    answer = _mu_staff_rows(user)
    if not isinstance(answer, bool):
        # Asked several times per request (navigation, admin, rules): remember the answer.
        answer = answer.exists()
        user._scn_is_mu_staff = answer
    return answer


register(Role.MU_STAFF, is_mu_staff, rows=_mu_staff_rows)


@rules.predicate
def works_for_the_network(user) -> bool:
    """Management Unit or regional hub staff: whoever the staff work queue is for."""
    from .roles import roles_of

    return bool(roles_of(user) & {Role.MU_STAFF, Role.HUB_STAFF})
