"""Which regions and cities a staff member may see in the admin.

Management Unit staff see every region. Regional hub staff see the cities their hub
covers (by region and by country); the ``hubs`` app registers how to find them, so the
apps below it (``members``) scope their admin without importing ``hubs``.
"""

from collections.abc import Callable

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q

from .rules import is_mu_staff

HUB_STAFF_GROUP = "Regional hub staff"

# Models hub staff work on in the admin, with the permissions they get on each.
HUB_STAFF_PERMISSIONS = {
    "members.localgovernment": ["view", "change"],
    "members.membership": ["view"],
    "members.locationchange": ["view"],
    "members.official": ["view", "add", "change"],
    "members.person": ["view", "add", "change"],
    "hubs.needsassessment": ["view", "add", "change"],
    "hubs.capacitygap": ["view", "add", "change", "delete"],
    # Their hub's resources (the admin lists no others).
    "resources.resource": ["view", "add", "change"],
    "resources.resourcefile": ["view", "add", "change", "delete"],
    "resources.theme": ["view"],
    "hubs.activity": ["view", "add", "change"],
    "hubs.activitydocument": ["view", "add", "change"],
    "hubs.registration": ["view", "change"],
    "hubs.activityinvitation": ["view", "add"],
    # Their hub's public description and their team's roles (not who is on it).
    "hubs.hub": ["view", "change"],
    "hubs.hubstaff": ["view", "change"],
    # Their hubs' help-desk requests and threads (answered on the staff pages).
    "hubs.helprequest": ["view", "change"],
    "hubs.helpmessage": ["view"],
}

_region_providers: list[Callable] = []
_city_providers: list[Callable] = []


def register_region_provider(provider: Callable) -> None:
    """``provider(user)`` returns the ids of the regions a non-MU staff member covers."""
    _region_providers.append(provider)


def visible_region_ids(user) -> set[int] | None:
    """None means every region; otherwise the ids this user may see (maybe none)."""
    if is_mu_staff(user):
        return None
    # Asked several times per admin page (the queryset, each filter, each form field): read
    # once per request, like ``roles_of`` (the user object lives as long as the request).
    cached = getattr(user, "_scn_visible_region_ids", None)
    if cached is None:
        cached = set()
        for provider in _region_providers:
            cached |= set(provider(user))
        if user is not None and getattr(user, "pk", None) is not None:
            user._scn_visible_region_ids = frozenset(cached)
    return set(cached)


def register_city_provider(provider: Callable) -> None:
    """``provider(user)`` returns a queryset of the cities (local governments) a non-MU
    staff member covers, or None when it grants them none."""
    _city_providers.append(provider)


def visible_cities(user):
    """None means every city; otherwise a queryset of the cities this user may see, or an
    empty list when no provider grants any."""
    if is_mu_staff(user):
        return None
    cached = getattr(user, "_scn_visible_cities", None)  # once per request, as above
    if cached is not None:
        return cached
    found = [cities for provider in _city_providers if (cities := provider(user)) is not None]
    if not found:
        return []
    union = found[0]
    for cities in found[1:]:
        union = union | cities
    cached = union.values("pk")
    if user is not None and getattr(user, "pk", None) is not None:
        user._scn_visible_cities = cached
    return cached


def city_scope_q(user, region_lookup: str) -> Q | None:
    """A filter keeping the rows whose city this user may see, None for every row.

    ``region_lookup`` is the path to the city's region ("region", "local_government__region"):
    the city is what it leads to, so a hub that covers a country outside its regions sees
    that country's cities, and a country another hub lists is not in a region-only scope.
    """
    cities = visible_cities(user)
    if cities is None:
        return None
    city_path = region_lookup.removesuffix("region").removesuffix("__") or "pk"
    return Q(**{f"{city_path}__in": cities})


def sync_hub_staff_group(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=HUB_STAFF_GROUP)
    for model, actions in HUB_STAFF_PERMISSIONS.items():
        app_label, model_name = model.split(".")
        codenames = [f"{action}_{model_name}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def choosable(admin_site, model, request):
    """The rows of ``model`` the acting staff member may pick in a form, or None for all.

    Management Unit staff may pick any row. Anyone else (hub staff) may pick only the rows
    the model's own admin lists for them: a region-scoped admin lists their hub's rows, an
    unscoped one (priorities, regions) every row.
    """
    if visible_region_ids(request.user) is None:
        return None
    related_admin = admin_site._registry.get(model)
    if related_admin is None:
        return None
    visible = related_admin.get_queryset(request).order_by().values("pk")
    return model._default_manager.filter(pk__in=visible)


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many choice of an admin form is checked on the server
    against what the acting user may see: the field's queryset is narrowed, so a select,
    an autocomplete or a raw-id field refuses an id from outside as an invalid choice.

    Every admin of the portal's apps, and each of their inlines, uses it (a test checks).
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = choosable(self.admin_site, db_field.remote_field.model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = choosable(self.admin_site, db_field.remote_field.model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RegionScopedAdminMixin(ScopedChoicesMixin):
    """Limit an admin's rows to the regions the staff member covers.

    ``region_lookup`` is the path from the model to its city's region, e.g. "region" or
    "local_government__region"; the rows kept are those of the cities the staff member
    covers (``city_scope_q``). Rows outside answer as if they did not exist.
    """

    region_lookup = "region"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = city_scope_q(request.user, self.region_lookup)
        if scope is None:
            return queryset
        if lookup_spawns_duplicates(self.model._meta, self.region_lookup):
            # A row reached through several cities (a person acting for two) is kept once
            # by asking for its key among the rows in scope, not by DISTINCT: PostgreSQL
            # refuses a DISTINCT list ordered by an expression that carries a parameter.
            in_scope = self.model._default_manager.filter(scope).values("pk")
            return queryset.filter(pk__in=in_scope)
        return queryset.filter(scope)
