"""Which resources a staff member handles: the Management Unit every one, hub staff their
hub's (asked by the rules, the admin, the selectors and the work queue alike)."""

from django.db.models import Q, QuerySet

from hubs.models import Hub
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import visible_cities

from .models import Resource


def resources_in_scope(user) -> QuerySet[Resource]:
    """Every resource for the Management Unit; for hub staff, their hub's: written by
    their hub, or by a city the hub serves."""
    if is_mu_staff(user):
        return Resource.objects.all()
    if not user or not user.is_authenticated:
        return Resource.objects.none()
    hub_ids = Hub.objects.active().filter(staff__user=user).values("pk")
    scope = Q(author_hub__in=hub_ids)
    cities = visible_cities(user)
    if cities is not None and not isinstance(cities, list):
        scope |= Q(author_city__in=cities)
    # One row each, and a plain filter a caller can combine with anything.
    return Resource.objects.filter(scope)
