"""Who sees MEL's staff pages: Management Unit staff see every figure; hub staff see the
figures of the regions their hub covers (a figure of another region answers 404); a re-run
of a period's figures is the Management Unit's."""

import rules

from scn_portal.accounts.roles import Role, roles_of
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import visible_region_ids

from .registry import find_option


@rules.predicate
def reads_mel(user) -> bool:
    return bool(roles_of(user) & {Role.MU_STAFF, Role.HUB_STAFF})


def split_regions(code: str) -> frozenset[int] | None:
    """The regions a split stands for; None for the whole network or an unknown split."""
    option = find_option(code)
    return option.region_ids if option else None


def may_see_split(user, code: str) -> bool:
    """Whether ``user`` may read a figure split by ``code`` (``""`` is the whole network)."""
    visible = visible_region_ids(user)
    if visible is None:
        return is_mu_staff(user)
    if not reads_mel(user):
        return False
    regions = split_regions(code)
    return regions is not None and bool(regions) and regions <= visible


rules.add_perm("mel.view_dashboard", reads_mel)
rules.add_perm("mel.rerun_snapshot", is_mu_staff)
