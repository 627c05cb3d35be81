"""The "network at a glance" report: one page that spans every app."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding.models import Donor
from governance.models import IscTerm
from hubs.models import Hub
from members.models import Membership, Region
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.reports.registry import ReportKind, register

from . import selectors


def network_at_a_glance_context(parameters: dict) -> dict:
    member = Q(local_governments__membership__status=Membership.Status.MEMBER)
    regions = Region.objects.annotate(
        n_members=Count("local_governments", filter=member),
        n_local_governments=Count("local_governments"),
    ).order_by("order", "code")
    content = selectors.home_content()
    return {
        "generated_at": timezone.now(),
        "figures": content["figures"],
        "regions": regions,
        "priorities": content["priorities"],
        "principle_version": content["principle_version"],
        "principles": content["principles"],
        "isc_seats": IscTerm.objects.current().count(),
        "hubs": Hub.objects.filter(is_active=True).order_by("name"),
        "named_donors": Donor.objects.filter(is_anonymous=False).count(),
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
