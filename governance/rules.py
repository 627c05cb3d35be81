import rules

from scn_portal.accounts.roles import Role, register
from scn_portal.accounts.rules import is_mu_staff


@rules.predicate
def is_isc_member(user) -> bool:
    """Holds a seat on the International Steering Committee today."""
    if not user or not user.is_authenticated:
        return False
    from .models import IscTerm

    return IscTerm.objects.current().filter(person__user=user).exists()


@rules.predicate
def is_expert(user) -> bool:
    """Belongs to the active pool of experts."""
    if not user or not user.is_authenticated:
        return False
    from .models import Expert

    return Expert.objects.filter(person__user=user, is_active=True).exists()


register(Role.ISC_MEMBER, is_isc_member)
register(Role.EXPERT, is_expert)


rules.add_perm("governance.view_composition", is_mu_staff)
