import rules

from members.rules import is_official_of
from scn_portal.accounts.roles import Role, known_role, register
from scn_portal.accounts.scoping import register_city_provider, register_region_provider


@rules.predicate
def is_hub_staff(user) -> bool:
    """Works for an active regional hub (admin access, scoped to that hub)."""
    if not user or not user.is_authenticated or not user.is_staff:
        return False
    if known_role(user, Role.HUB_STAFF) is False:
        return False
    return bool(staff_hub_ids(user))


def _hub_staff_known(user) -> bool | None:
    if not user or not user.is_authenticated or not user.is_staff:
        return False
    cached = getattr(user, "_scn_staff_hub_ids", None)
    if cached is not None:
        return bool(cached)
    return known_role(user, Role.HUB_STAFF)


def _hub_staff_rows(user_key):
    from .models import Hub

    return Hub.objects.active().filter(staff__user=user_key)


register(Role.HUB_STAFF, is_hub_staff, rows=_hub_staff_rows, known=_hub_staff_known)


# A staff member's hubs and what they cover are asked by every scoped list, filter, form
# field and permission of a request: read once per request's user (the user object lives
# as long as the request), as ``scn_portal.accounts.scoping`` does for its own answer.


def staff_hub_ids(user) -> list[int]:
    """The active hubs this user works for."""
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_scn_staff_hub_ids", None)
    if cached is None:
        from .models import Hub

        cached = tuple(Hub.objects.active().filter(staff__user=user).values_list("pk", flat=True))
        if getattr(user, "pk", None) is not None:
            user._scn_staff_hub_ids = cached
    return list(cached)


def _coverage(user):
    """The active hubs' coverage (``hubs.selectors.coverage.Coverage``), once per user."""
    cached = getattr(user, "_scn_hub_coverage", None)
    if cached is None:
        from .selectors.coverage import Coverage

        cached = Coverage.load()
        if getattr(user, "pk", None) is not None:
            user._scn_hub_coverage = cached
    return cached


def hub_region_ids(user) -> list[int]:
    """Regions of the cities the user's active hubs serve: the regions they cover and
    those of the countries they list (for the region filters of the admin)."""
    from members.models import CountryRegion

    hub_ids = staff_hub_ids(user)
    if not hub_ids:
        return []
    coverage = _coverage(user)
    hubs = [coverage.hubs[pk] for pk in hub_ids if pk in coverage.hubs]
    ids = {region.pk for hub in hubs for region in hub.regions.all()}
    countries = [country.code for hub in hubs for country in hub.countries]
    if countries:
        ids |= set(
            CountryRegion.objects.filter(country__in=countries).values_list("region", flat=True)
        )
    return list(ids)


def hub_cities(user):
    """The cities the user's active hubs serve (``hubs.selectors.coverage``)."""
    from .selectors.coverage import cities_of_hubs

    if not hasattr(user, "_scn_hub_cities"):
        hub_ids = staff_hub_ids(user)
        user._scn_hub_cities = (
            cities_of_hubs(hub_ids, coverage=_coverage(user)) if hub_ids else None
        )
    return user._scn_hub_cities


@rules.predicate
def works_for_hub(user, hub) -> bool:
    """Staff of this active hub: they edit its public description and their team's roles."""
    return hub is not None and is_hub_staff(user) and hub.pk in staff_hub_ids(user)


rules.add_perm("hubs.edit_own_hub", works_for_hub)


register_region_provider(hub_region_ids)
register_city_provider(hub_cities)


# --- Needs mapping and the help desk --------------------------------------------------


@rules.predicate
def handles_help_request(user, help_request) -> bool:
    """The Management Unit, staff of the request's hub, or the person it is assigned to
    (an expert sees only the requests assigned to them)."""
    from scn_portal.accounts.rules import is_mu_staff

    if help_request is None or not user or not user.is_authenticated or not user.is_active:
        return False
    if is_mu_staff(user):
        return True
    if help_request.assigned_to_id == user.pk:
        return True
    return help_request.hub_id is not None and help_request.hub_id in staff_hub_ids(user)


@rules.predicate
def asks_for_the_city(user, help_request) -> bool:
    """Acts for the city that asked (any of its officials follows its requests)."""
    return help_request is not None and is_official_of(user, help_request.local_government)


rules.add_perm("hubs.submit_needs_assessment", is_official_of)
rules.add_perm("hubs.ask_help_desk", is_official_of)
rules.add_perm("hubs.follow_help_request", asks_for_the_city)
rules.add_perm("hubs.handle_help_request", handles_help_request)
# --- Activities -------------------------------------------------------------------------


@rules.predicate
def organises_activity(user, activity) -> bool:
    """Management Unit staff, or staff of the activity's hub."""
    from scn_portal.accounts.rules import is_mu_staff

    if is_mu_staff(user):
        return True
    if activity is None or activity.hub_id is None or not is_hub_staff(user):
        return False
    return activity.hub_id in staff_hub_ids(user)


@rules.predicate
def may_see_activity(user, activity) -> bool:
    """Public activities (announced) for everyone; members-only ones for officials of a
    city that may hold member benefits or is invited; everything for its organisers."""
    from .models import Activity
    from .selectors.activities import is_invited_or_member, is_registered

    if activity is None:
        return False
    if organises_activity(user, activity):
        return True
    if activity.status == Activity.Status.PLANNED:
        return False
    if activity.visibility == Activity.Visibility.PUBLIC:
        return True
    return is_invited_or_member(user, activity) or is_registered(user, activity)


rules.add_perm("hubs.view_activity_page", may_see_activity)
rules.add_perm("hubs.organise_activity", organises_activity)
