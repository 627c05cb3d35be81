from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

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


def _refuse_unless_staff_of(hub: Hub, actor) -> None:
    """Only a member of an active hub's team edits that hub's page and team."""
    if not (
        actor is not None
        and hub.status == Hub.Status.ACTIVE
        and HubStaff.objects.filter(hub=hub, user=actor).exists()
    ):
        raise ValidationError(
            _("Only the staff of this hub may change its page and its team."), code="not_its_staff"
        )


@audit_event("hub_page_edited")
@transaction.atomic
def edit_own_hub(*, hub: Hub, actor, description: dict[str, str]) -> Hub:
    """The hub's staff write its public description, in each language they give
    (``{"en": ..., "ar": ...}``); nothing else of the hub changes (its status, coverage and
    host are the Management Unit's)."""
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    _refuse_unless_staff_of(hub, actor)
    languages = {code for code, _name in settings.LANGUAGES}
    fields = []
    for language, text in description.items():
        if language not in languages:
            raise ValidationError(_("Choose one of the portal's languages."), code="language")
        name = build_localized_fieldname("description", language)
        setattr(hub, name, (text or "").strip())
        fields.append(name)
    if fields:
        hub.save(update_fields=fields)
    return hub


@audit_event("hub_team_member_changed")
@transaction.atomic
def change_team_member(*, assignment: HubStaff, actor, role: str, is_public: bool) -> HubStaff:
    """The hub's staff set a team member's role and whether the public page shows them.
    Who is on the team (which gives admin access) stays the Management Unit's to change."""
    assignment = HubStaff.objects.select_for_update().select_related("hub").get(pk=assignment.pk)
    _refuse_unless_staff_of(assignment.hub, actor)
    if role not in HubStaff.TeamRole.values:
        raise ValidationError(_("Choose a role of the team."), code="role")
    assignment.role = role
    assignment.is_public = bool(is_public)
    assignment.save(update_fields=["role", "is_public"])
    return assignment


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
