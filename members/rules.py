import rules

from scn_portal.accounts.roles import Role, register


@rules.predicate
def is_city_official(user) -> bool:
    """Acts for at least one local government (mayor, focal point or other staff)."""
    if not user or not user.is_authenticated:
        return False
    from .models import Official

    return Official.objects.filter(person__user=user, is_active=True).exists()


register(Role.CITY_OFFICIAL, is_city_official)
