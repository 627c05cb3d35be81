from django.contrib.auth.models import Group
from django.db import transaction

from scn_portal.accounts.scoping import HUB_STAFF_GROUP

from ..models import Hub, HubStaff


@transaction.atomic
def assign_hub_staff(*, hub: Hub, user, actor=None) -> HubStaff:
    """Make ``user`` staff of ``hub``: admin access, scoped to the hub's regions."""
    assignment, _created = HubStaff.objects.get_or_create(hub=hub, user=user)
    sync_hub_staff_access(user=user)
    return assignment


@transaction.atomic
def sync_hub_staff_access(*, user) -> None:
    """Give or take the hub-staff admin permissions to match the user's assignments."""
    group, _created = Group.objects.get_or_create(name=HUB_STAFF_GROUP)
    if HubStaff.objects.filter(user=user, hub__is_active=True).exists():
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)
    else:
        user.groups.remove(group)
