"""The funding app's admin, one module per kind (``donors``)."""

from . import donors  # noqa: F401
