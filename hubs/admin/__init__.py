"""The hubs app's admin, one module per kind (``hubs``)."""

from . import (
    hubs,  # noqa: F401
    needs,  # noqa: F401
)
