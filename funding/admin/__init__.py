"""The funding app's admin, one module per kind (``donors``, ``partners``,
``contributions``)."""

from . import contributions, donors, partners  # noqa: F401
