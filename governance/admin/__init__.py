"""Governance's admin, one module per sub-domain; importing this package (Django's admin
autodiscovery does) registers them all. How they save: ``saving``."""

from . import experts, groups, isc, meetings, minutes  # noqa: F401
