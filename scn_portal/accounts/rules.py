import rules

from .roles import MANAGEMENT_UNIT_GROUP, Role, known_role, register


def _mu_staff_known(user) -> bool | None:
    """Management Unit staff when the account or this request already tells."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    cached = getattr(user, "_scn_is_mu_staff", None)
    return known_role(user, Role.MU_STAFF) if cached is None else cached


def _mu_staff_rows(user_key):
    """The Management Unit group, if the user (a key or a reference to it) is in it."""
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=MANAGEMENT_UNIT_GROUP, user=user_key)


@rules.predicate
def is_mu_staff(user) -> bool:
    """Management Unit staff: run the whole network from the admin."""
    answer = _mu_staff_known(user)
    if answer is None:
        # Asked several times per request (navigation, admin, rules): remember the answer.
        answer = _mu_staff_rows(user.pk).exists()
        user._scn_is_mu_staff = answer
    return answer


register(Role.MU_STAFF, is_mu_staff, rows=_mu_staff_rows, known=_mu_staff_known)


@rules.predicate
def works_for_the_network(user) -> bool:
    """Management Unit or regional hub staff: whoever the staff work queue is for."""
    from .roles import roles_of

    return bool(roles_of(user) & {Role.MU_STAFF, Role.HUB_STAFF})
