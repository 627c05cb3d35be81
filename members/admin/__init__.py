"""The Management Unit's admin of the ground floor, one module per sub-domain.

Applications are decided in their own list (``applications``), the other memberships in
``memberships``; every save and action goes through ``members.services``. Hub staff see
only their hub's regions (``RegionScopedAdminMixin``) and hold no decide rights (see
``scn_portal.accounts.scoping.HUB_STAFF_PERMISSIONS``). Importing the package registers
every admin (Django's admin autodiscovery imports it).

The admin index lists models by task (``sections``), each section in the order its models
are registered: the order of the imports below is the order staff see.
"""

# isort: off
from . import sections  # noqa: F401
from . import applications  # noqa: F401  (each module registers its admins)
from . import memberships  # noqa: F401
from . import territories  # noqa: F401
from . import locations  # noqa: F401
from . import claims  # noqa: F401
from . import cities  # noqa: F401
from . import network  # noqa: F401
from . import principles  # noqa: F401
from . import certificates  # noqa: F401
from . import people  # noqa: F401
from . import invitations  # noqa: F401

# isort: on
