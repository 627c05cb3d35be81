"""The hubs app's admin, one module per kind (``hubs``)."""

from . import (
    activities,  # noqa: F401
    helpdesk,  # noqa: F401
    hubs,  # noqa: F401
    needs,  # noqa: F401
)
