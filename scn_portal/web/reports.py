"""The "network at a glance" report: one page assembled from what each app registers
(its figures and its sections, see ``panels``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.reports.registry import ReportKind, register

from .panels import NETWORK_AT_A_GLANCE, figures, panels


def network_at_a_glance_context(parameters: dict) -> dict:
    return {
        "generated_at": timezone.now(),
        "figures": figures(NETWORK_AT_A_GLANCE),
        "panels": panels(NETWORK_AT_A_GLANCE, parameters),
    }


register(
    ReportKind(
        code="network_at_a_glance",
        title=_("Network at a glance"),
        template="print/network_at_a_glance.html",
        build_context=network_at_a_glance_context,
        may_request=is_mu_staff,
    )
)
