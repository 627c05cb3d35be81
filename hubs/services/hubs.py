from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scn_portal.accounts.scoping import HUB_STAFF_GROUP
from scn_portal.audit.events import audit_event

from ..models import Hub, HubStaff
from .helpdesk import retime_waiting_requests


@transaction.atomic
def save_hub(*, hub: Hub, actor) -> Hub:
    """Staff save a hub from the admin. A changed first-response target re-times the
    hub's requests still waiting for their first answer (``retime_waiting_requests``)."""
    if hub.first_response_hours is None or hub.first_response_hours < 1:
        raise ValidationError(
            _("The first response target is at least one hour."), code="first_response_hours"
        )
    before = (
        Hub.objects.filter(pk=hub.pk).values_list("first_response_hours", flat=True).first()
        if hub.pk
        else None
    )
    with audit_event("hub_added" if hub._state.adding else "hub_changed"):
        hub.save()
    if before is not None and before != hub.first_response_hours:
        retime_waiting_requests(hub=hub)
    return hub


@transaction.atomic
def assign_hub_staff(
    *, hub: Hub, user, role: str = HubStaff.TeamRole.OTHER, is_public: bool = False, actor=None
) -> HubStaff:
    """Make ``user`` staff of ``hub``: admin access, scoped to the hub's cities."""
    assignment, _created = HubStaff.objects.get_or_create(
        hub=hub, user=user, defaults={"role": role, "is_public": is_public}
    )
    sync_hub_staff_access(user=user)
    return assignment


@transaction.atomic
def sync_hub_staff_access(*, user) -> None:
    """Give or take the hub-staff admin permissions to match the user's assignments."""
    group, _created = Group.objects.get_or_create(name=HUB_STAFF_GROUP)
    if HubStaff.objects.filter(user=user, hub__status=Hub.Status.ACTIVE).exists():
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(group)
    else:
        user.groups.remove(group)


def coverage_conflicts(*, hub: Hub, regions, countries) -> list[str]:
    """Why ``hub`` may not be active with this coverage: the regions and countries another
    active hub already serves (each city has one hub, or the central team)."""
    others = Hub.objects.active().exclude(pk=hub.pk).prefetch_related("regions")
    messages = []
    region_ids = {region.pk for region in regions}
    codes = {str(country) for country in countries}
    for other in others:
        shared_regions = [r.name for r in other.regions.all() if r.pk in region_ids]
        if shared_regions:
            messages.append(
                _("%(hub)s already covers %(regions)s.")
                % {"hub": other.name, "regions": ", ".join(shared_regions)}
            )
        shared_countries = [c.name for c in other.countries if c.code in codes]
        if shared_countries:
            messages.append(
                _("%(hub)s already covers %(countries)s.")
                % {"hub": other.name, "countries": ", ".join(shared_countries)}
            )
    return messages
