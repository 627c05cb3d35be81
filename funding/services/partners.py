"""Partners: recording an organisation as a partner (and as a donor when it gives)."""

from django.db import transaction

from members.models import Organisation
from scn_portal.audit.events import audit_event

from ..models import Donor, Partner, Partnership


@audit_event("partner_recorded")
@transaction.atomic
def record_partner(*, organisation: Organisation, actor, **fields) -> Partner:
    """Record ``organisation`` as a partner (``fields``: description, link, is_public, logo,
    countries). The admin checks who may."""
    partner = Partner(organisation=organisation, **fields)
    partner.full_clean(exclude=["regions", "priorities"])
    partner.save()
    return partner


@audit_event("donor_recorded")
@transaction.atomic
def make_donor(*, partner: Partner, naming: str = Donor.Naming.NAMED, since=None, actor) -> Donor:
    """A partner that gives becomes a donor (once) and gets the "donor" partnership."""
    donor, _created = Donor.objects.get_or_create(
        organisation=partner.organisation, defaults={"naming": naming, "since": since}
    )
    Partnership.objects.get_or_create(partner=partner, kind=Partnership.Kind.DONOR)
    return donor
