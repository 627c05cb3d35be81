"""The admin's task section the funding app brings (``scn_portal.admin_site``): donors,
partners, contributions and the Technical Support Fund are listed under it."""

from django.utils.translation import gettext_lazy as _

from scn_portal.admin_site import AdminSection, register_admin_section

FUNDING = register_admin_section(
    AdminSection(code="funding", order=50, title=_("Donors and funding"))
).code
