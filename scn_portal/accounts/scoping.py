"""Which regions a staff member may see in the admin.

Management Unit staff see every region. Regional hub staff see the regions their
hub covers; the ``hubs`` app registers how to find them, so the apps below it
(``members``) scope their admin without importing ``hubs``.
"""

from collections.abc import Callable

from .rules import is_mu_staff

HUB_STAFF_GROUP = "Regional hub staff"

# Models hub staff work on in the admin, with the permissions they get on each.
HUB_STAFF_PERMISSIONS = {
    "members.localgovernment": ["view", "change"],
    "members.membership": ["view"],
    "members.locationchange": ["view"],
    "members.official": ["view", "add", "change"],
    "members.person": ["view", "add", "change"],
}

_region_providers: list[Callable] = []


def register_region_provider(provider: Callable) -> None:
    """``provider(user)`` returns the ids of the regions a non-MU staff member covers."""
    _region_providers.append(provider)


def visible_region_ids(user) -> set[int] | None:
    """None means every region; otherwise the ids this user may see (maybe none)."""
    if is_mu_staff(user):
        return None
    ids: set[int] = set()
    for provider in _region_providers:
        ids |= set(provider(user))
    return ids


def sync_hub_staff_group(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=HUB_STAFF_GROUP)
    for model, actions in HUB_STAFF_PERMISSIONS.items():
        app_label, model_name = model.split(".")
        codenames = [f"{action}_{model_name}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class RegionScopedAdminMixin:
    """Limit an admin's rows to the regions the staff member covers.

    ``region_lookup`` is the path from the model to its region, e.g. "region" or
    "local_government__region". Rows outside answer as if they did not exist.
    """

    region_lookup = "region"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        region_ids = visible_region_ids(request.user)
        if region_ids is None:
            return queryset
        return queryset.filter(**{f"{self.region_lookup}__in": region_ids}).distinct()
