"""Demo data for donors, for ``manage.py seed_demo`` (after ``members.demo``).

A donor row for each donor the strategy names (the European Union and six national
governments), with a plausible first year of support, plus one anonymous foundation so
the "never name an anonymous donor" rule has something to protect. Upserted by
organisation; a re-run changes no row count.
"""

from django.db import transaction

from members.demo import get_organisation
from members.demo_data.organisations import ANONYMOUS_DONOR, DONORS
from scn_portal.ops.demo import DemoStep, register_demo

from .models import Donor


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the demo donors; return the count."""
    with transaction.atomic():
        for spec in DONORS:
            Donor.objects.update_or_create(
                organisation=get_organisation(spec),
                defaults={"since": spec["since"], "naming": Donor.Naming.NAMED},
            )
        Donor.objects.update_or_create(
            organisation=get_organisation(ANONYMOUS_DONOR),
            defaults={"since": ANONYMOUS_DONOR["since"], "naming": Donor.Naming.ANONYMOUS},
        )
    counts = {"donors": len(DONORS) + 1}
    if stdout is not None:
        stdout.write(f"funding: {counts['donors']} donors (1 anonymous)")
    return counts


register_demo(
    DemoStep(
        code="funding",
        order=40,
        seed=seed,
        summary=lambda: [("donors", Donor.objects.count())],
    )
)
