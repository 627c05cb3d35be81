"""Partners: recording an organisation as a partner (and as a donor when it gives), and
every change to a partner, its partnerships, agreements and engagements. The admin calls
these (it checks who may); each names its audit event, so the trail reads "Agreement
recorded" rather than "Changed"."""

from django.db import transaction

from members.models import Organisation
from scn_portal.audit.events import audit_event

from ..models import Agreement, Donor, Engagement, Partner, Partnership


@audit_event("partner_recorded")
@transaction.atomic
def record_partner(*, organisation: Organisation, actor, **fields) -> Partner:
    """Record ``organisation`` as a partner (``fields``: description, link, is_public, logo,
    countries). The admin checks who may."""
    partner = Partner(organisation=organisation, **fields)
    partner.full_clean(exclude=["regions", "priorities"])
    partner.save()
    return partner


@transaction.atomic
def save_partner(*, partner: Partner, actor, regions=None, priorities=None) -> Partner:
    """Save a partner as staff filled it in (new or changed), with the regions and
    priorities it works on when given."""
    with audit_event("partner_recorded" if partner._state.adding else "partner_changed"):
        partner.full_clean(exclude=["regions", "priorities"])
        partner.save()
        if regions is not None:
            partner.regions.set(regions)
        if priorities is not None:
            partner.priorities.set(priorities)
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


def _save(row, *, recorded: str, changed: str):
    with audit_event(recorded if row._state.adding else changed), transaction.atomic():
        row.full_clean()
        row.save()
    return row


def _remove(row, *, event: str) -> None:
    with audit_event(event), transaction.atomic():
        row.delete()


def save_partnership(*, partnership: Partnership, actor) -> Partnership:
    """What a partner is to the network (a hub's host names the hub), new or changed."""
    return _save(partnership, recorded="partnership_recorded", changed="partnership_changed")


def remove_partnership(*, partnership: Partnership, actor) -> None:
    _remove(partnership, event="partnership_removed")


def save_agreement(*, agreement: Agreement, actor) -> Agreement:
    """An agreement with a partner, new or changed (its end date times the renewal
    reminder: ``funding.reminders.AgreementRenewal``)."""
    return _save(agreement, recorded="agreement_recorded", changed="agreement_changed")


def remove_agreement(*, agreement: Agreement, actor) -> None:
    _remove(agreement, event="agreement_removed")


def save_engagement(*, engagement: Engagement, actor) -> Engagement:
    """A meeting or joint activity with a partner, new or changed."""
    return _save(engagement, recorded="engagement_recorded", changed="engagement_changed")


def remove_engagement(*, engagement: Engagement, actor) -> None:
    _remove(engagement, event="engagement_removed")
