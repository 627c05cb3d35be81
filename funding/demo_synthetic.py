"""``seed_demo --scale N``: the money in proportion to N synthetic cities.

Two contributions for every five cities (10,000 at full scale) from the demo donors over
the network's years, financial in several currencies with the rate stored, or in kind;
and one Technical Support Fund application for every five cities (5,000), from synthetic
member cities to a synthetic rolling window, in every status, the approved ones with an
amount. Record *n* is drawn from ``random.Random(n)`` and matched on its description or
title, so the step is idempotent.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from djmoney.money import Money

from members.models import LocalGovernment, Membership, Organisation
from scn_portal.ops.demo import DemoStep, register_demo
from scn_portal.web import page_cache

from .models import Contribution, Donor, FundApplication, FundRound

CONTRIBUTION_PREFIX = "Synthetic contribution "
APPLICATION_PREFIX = "Synthetic fund application "
ROUND_TITLE = "Synthetic rolling window (demo)"
BATCH_SIZE = 1_000
CONTRIBUTIONS_PER_CITY = 0.4
APPLICATIONS_PER_CITY = 0.2
USD_PER_UNIT = {"USD": Decimal("1"), "EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
STATUSES = list(FundApplication.Status.values)
SYNTHETIC_DONORS = 40
DONOR_KINDS = [
    Organisation.Kind.NATIONAL_GOVERNMENT,
    Organisation.Kind.MULTILATERAL,
    Organisation.Kind.FOUNDATION,
    Organisation.Kind.PRIVATE_SECTOR,
]


def seed_synthetic(count: int, *, stdout=None) -> int:
    with transaction.atomic():
        contributions = _contributions(int(count * CONTRIBUTIONS_PER_CITY))
        applications = _applications(int(count * APPLICATIONS_PER_CITY))
        page_cache.bump()  # bulk_create sends no signals
    if stdout is not None:
        stdout.write(
            f"synthetic funding: {contributions} contributions, {applications} applications"
        )
    return 0  # no city created


def _donor_ids() -> list[int]:
    """Synthetic donors of every kind of organisation and naming preference (the demo
    donors keep their own contributions, one a year and kind)."""
    ids = []
    for number in range(1, SYNTHETIC_DONORS + 1):
        rng = random.Random(-number)
        organisation, _created = Organisation.objects.get_or_create(
            name=f"Synthetic donor {number:02d} (demo)",
            kind=rng.choice(DONOR_KINDS),
        )
        donor, _created = Donor.objects.get_or_create(
            organisation=organisation,
            defaults={"naming": rng.choice(Donor.Naming.values), "since": 2016},
        )
        ids.append(donor.pk)
    return ids


def _contributions(wanted: int) -> int:
    if not wanted:
        return 0
    donor_ids = _donor_ids()
    existing = set(
        Contribution.objects.filter(description__startswith=CONTRIBUTION_PREFIX).values_list(
            "description", flat=True
        )
    )
    made = []
    for number in range(1, wanted + 1):
        description = f"{CONTRIBUTION_PREFIX}{number:05d} (demo)"
        if description in existing:
            continue
        rng = random.Random(number)
        year = rng.randint(2016, datetime.date.today().year)
        pledged_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        currency = rng.choice(list(USD_PER_UNIT))
        in_kind = rng.random() < 0.2
        made.append(
            Contribution(
                donor_id=rng.choice(donor_ids),
                kind=Contribution.Kind.IN_KIND if in_kind else Contribution.Kind.FINANCIAL,
                in_kind_type=rng.choice(Contribution.InKindType.values) if in_kind else "",
                year=year,
                amount=Money(Decimal(rng.randint(5, 500) * 1000), currency),
                pledged_on=pledged_on,
                description=description,
                usd_rate=USD_PER_UNIT[currency],
                rate_on=pledged_on,
            )
        )
    Contribution.objects.bulk_create(made, batch_size=BATCH_SIZE)
    return len(made)


def _applications(wanted: int) -> int:
    cities = list(
        LocalGovernment.objects.filter(
            name_en__startswith="Synthetic city ", membership__status=Membership.Status.MEMBER
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not cities or not wanted:
        return 0
    window, _created = FundRound.objects.get_or_create(
        title=ROUND_TITLE,
        defaults={
            "kind": FundRound.Kind.ROLLING,
            "opens_on": datetime.date(2019, 1, 1),
            "envelope_usd": Decimal("1000000000"),
        },
    )
    existing = set(
        FundApplication.objects.filter(title__startswith=APPLICATION_PREFIX).values_list(
            "title", flat=True
        )
    )
    made = []
    for number in range(1, wanted + 1):
        title = f"{APPLICATION_PREFIX}{number:05d} (demo)"
        if title in existing:
            continue
        rng = random.Random(number)
        status = rng.choice(STATUSES)
        approved = status in ("approved", "in_delivery", "closed")
        requested = Decimal(rng.randint(5, 80) * 1000)
        submitted = status != FundApplication.Status.DRAFT
        made.append(
            FundApplication(
                round=window,
                local_government_id=rng.choice(cities),
                status=status,
                title=title,
                need="A synthetic need for load tests.",
                requested_usd=requested,
                approved_usd=requested if approved else None,
                submitted_at=(
                    datetime.datetime(
                        2019 + rng.randint(0, 6), rng.randint(1, 12), 15, tzinfo=datetime.UTC
                    )
                    if submitted
                    else None
                ),
            )
        )
    FundApplication.objects.bulk_create(made, batch_size=BATCH_SIZE)
    return len(made)


register_demo(
    DemoStep(
        code="funding-synthetic",
        order=92,
        seed=lambda **_options: {},
        synthetic=seed_synthetic,
    )
)
