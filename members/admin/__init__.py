"""The Management Unit's admin of the ground floor, one module per sub-domain.

Applications are decided here: the Membership list is the applications queue, and every
save and action goes through ``members.services``. Hub staff see only their hub's regions
(``RegionScopedAdminMixin``) and hold no decide rights (see
``scn_portal.accounts.scoping.HUB_STAFF_PERMISSIONS``). Importing the package registers
every admin (Django's admin autodiscovery imports it).
"""

from . import (  # noqa: F401  (each module registers its admins)
    certificates,
    cities,
    claims,
    invitations,
    locations,
    memberships,
    network,
    people,
    principles,
    territories,
)
