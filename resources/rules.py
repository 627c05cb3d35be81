"""Who may read and handle resources.

- **Public** resources: everyone. **Members only**: officials of cities that may hold
  member benefits today, ISC members, experts, and staff. **Staff only**: Management Unit
  and regional hub staff. Only published resources are read on the portal; whoever may
  not read one gets 404, its files too.
- **Review** (publish, archive, ask for changes): the Management Unit, and hub staff for
  their hub's resources (written by the hub, or by a city of a region the hub covers).
- **Submit**: a city's official for the cities they act for, or a hub's staff; the
  submitter changes their own draft.
"""

import rules

from members.rules import is_city_official
from scn_portal.accounts.rules import is_mu_staff, works_for_the_network


def _signed_in(user) -> bool:
    return bool(user) and user.is_authenticated and user.is_active


@rules.predicate
def reads_members_resources(user) -> bool:
    """May read "members only" resources (asked once per request)."""
    if not _signed_in(user):
        return False
    cached = getattr(user, "_resources_member_reader", None)
    if cached is None:
        from governance.rules import is_expert, is_isc_member
        from members.eligibility import eligible_cities
        from members.models import LocalGovernment

        cached = bool(
            works_for_the_network(user)
            or is_isc_member(user)
            or is_expert(user)
            or eligible_cities(LocalGovernment.objects.acted_for_by(user)).exists()
        )
        user._resources_member_reader = cached
    return cached


def readable_visibilities(user) -> list[str]:
    from .models import Resource

    V = Resource.Visibility
    if works_for_the_network(user):
        return [V.PUBLIC, V.MEMBERS, V.STAFF]
    if reads_members_resources(user):
        return [V.PUBLIC, V.MEMBERS]
    return [V.PUBLIC]


@rules.predicate
def may_read(user, resource) -> bool:
    from .models import Resource

    return (
        resource is not None
        and resource.status == Resource.Status.PUBLISHED
        and resource.visibility in readable_visibilities(user)
    )


@rules.predicate
def in_staff_scope(user, resource) -> bool:
    """The Management Unit: every resource; hub staff: their hub's."""
    if is_mu_staff(user):
        return True
    if resource is None or not works_for_the_network(user):
        return False
    from .scoping import resources_in_scope

    return resources_in_scope(user).filter(pk=resource.pk).exists()


@rules.predicate
def new_or_in_staff_scope(user, resource) -> bool:
    """A resource being created (hub staff create their hub's), or one in their scope."""
    return resource is None or in_staff_scope(user, resource)


@rules.predicate
def is_submitter(user, resource) -> bool:
    return _signed_in(user) and resource is not None and resource.submitted_by_id == user.pk


@rules.predicate
def acts_for(user, city) -> bool:
    from members.models import LocalGovernment

    return (
        _signed_in(user)
        and city is not None
        and LocalGovernment.objects.acted_for_by(user).filter(pk=city.pk).exists()
    )


@rules.predicate
def is_hub_staff_member(user) -> bool:
    from hubs.rules import is_hub_staff

    return is_hub_staff(user)


rules.add_perm("resources.read_resource", may_read)
rules.add_perm("resources.edit_resource", works_for_the_network & new_or_in_staff_scope)
rules.add_perm("resources.review_resource", works_for_the_network & in_staff_scope)
rules.add_perm("resources.submit_resource", is_submitter | (works_for_the_network & in_staff_scope))
rules.add_perm("resources.submit_for_city", acts_for)
rules.add_perm("resources.submit_good_practice", is_hub_staff_member | is_city_official)
