"""The admin's task sections the members app brings (``scn_portal.admin_site``).

"Membership" is the daily work of deciding: applications, memberships, the eligibility
check and what it found, proposed changes of location, requests to act for a city.
"Network data" is what staff keep rather than decide: the local governments, regions,
priorities, the principles and terms of reference, organisations (and the hubs).
"""

from django.utils.translation import gettext_lazy as _

from scn_portal.admin_site import AdminSection, register_admin_section

MEMBERSHIP = register_admin_section(
    AdminSection(code="membership", order=10, title=_("Membership"))
).code
NETWORK_DATA = register_admin_section(
    AdminSection(code="network_data", order=40, title=_("Network data"))
).code
