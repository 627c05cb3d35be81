"""Governance's admin, one module per sub-domain; importing this package (Django's admin
autodiscovery does) registers them all. How they save: ``saving``.

The admin's index lists governance under two tasks (``scn_portal.admin_site``): the
ISC's secretariat (seats, co-chairs, meetings, minutes, terms of reference) and working
groups and experts. Each model's admin names its section (``admin_section``).
"""

from django.utils.translation import gettext_lazy as _

from scn_portal.admin_site import AdminSection, register_admin_section

from . import experts, groups, isc, meetings, minutes  # noqa: F401

register_admin_section(
    AdminSection(code="isc", order=20, title=_("International Steering Committee"))
)
register_admin_section(
    AdminSection(code="groups_and_experts", order=30, title=_("Working groups and experts"))
)
