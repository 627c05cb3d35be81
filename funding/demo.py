"""Demo data for partners, donors and contributions, for ``manage.py seed_demo`` (after
``members.demo`` and ``hubs.demo``).

The donors the strategy names (the European Union and six national governments) and one
anonymous foundation, each also a partner; the hub hosts as partners hosting their hub;
the cities the strategy names as giving in kind (venues, interpretation, logistics).
Three years (2022–2024) of contributions in the donors' own currencies with demo rates
to US dollars, instalments and receipts, and operating costs (about USD 3.1 million in
2022, as the strategy says). Every amount and rate is demo data, labelled so in the
description; upserted by natural keys, so a re-run changes no row count.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from djmoney.money import Money

from hubs.models import Hub
from members.demo import get_organisation
from members.demo_data.organisations import ANONYMOUS_DONOR, DONORS, HUB_HOSTS, ISD
from members.models import Organisation
from scn_portal.ops.demo import DemoStep, register_demo

from .models import (
    Contribution,
    Donor,
    ExchangeRate,
    Instalment,
    OperatingCost,
    Partner,
    Partnership,
    Receipt,
    SupportType,
    to_usd,
)

YEARS = (2022, 2023, 2024)
# Demo rates to US dollars on 2 January of each year (rounded; not official figures).
RATES = {
    "EUR": ("1.07", "1.09", "1.10"),
    "GBP": ("1.21", "1.26", "1.27"),
    "NOK": ("0.101", "0.098", "0.095"),
    "DKK": ("0.144", "0.146", "0.148"),
    "AUD": ("0.71", "0.68", "0.67"),
}
# Each donor's currency and yearly pledge in it (demo amounts).
PLEDGES = {
    "European Union": ("EUR", "900000"),
    "Australia": ("AUD", "400000"),
    "Denmark": ("DKK", "2500000"),
    "Netherlands": ("EUR", "350000"),
    "Norway": ("NOK", "4000000"),
    "United Kingdom": ("GBP", "450000"),
    "United States": ("USD", "700000"),
}
ANONYMOUS_PLEDGE = ("USD", "60000")
# Cities that gave in kind (strategy: Aurora, Helsinki, Denver, Oslo, New York, Halle,
# London): what they gave and its estimated value in their currency.
CITIES_IN_KIND = [
    ("Aurora", "US", "venue", "USD", "15000"),
    ("Helsinki", "FI", "venue", "EUR", "20000"),
    ("Denver", "US", "logistics", "USD", "12000"),
    ("Oslo", "NO", "interpretation", "NOK", "150000"),
    ("New York", "US", "staff_time", "USD", "25000"),
    ("Halle", "DE", "venue", "EUR", "8000"),
    ("London", "GB", "interpretation", "GBP", "10000"),
]
OPERATING_COSTS = {2022: "3100000", 2023: "3250000", 2024: "3400000"}
DEMO = "(demo)"


def _rate(currency: str, year: int) -> tuple[Decimal, datetime.date]:
    if currency == "USD":
        return Decimal(1), datetime.date(year, 1, 2)
    on = datetime.date(year, 1, 2)
    rate = Decimal(RATES[currency][YEARS.index(year)])
    ExchangeRate.objects.update_or_create(
        currency=currency, on=on, defaults={"usd_per_unit": rate, "source": "Demo rates"}
    )
    return rate, on


def _partner(organisation: Organisation, kind: str, *, hub: Hub | None = None) -> Partner:
    partner, _created = Partner.objects.get_or_create(
        organisation=organisation,
        defaults={"is_public": True, "link": organisation.website},
    )
    Partnership.objects.get_or_create(partner=partner, kind=kind, hub=hub)
    return partner


def _contribution(donor: Donor, year: int, kind: str, currency: str, amount: str, **fields):
    rate, rate_on = _rate(currency, year)
    contribution, _created = Contribution.objects.update_or_create(
        donor=donor,
        year=year,
        kind=kind,
        defaults={
            "amount": Money(Decimal(amount), currency),
            "pledged_on": datetime.date(year, 2, 1),
            "usd_rate": rate,
            "rate_on": rate_on,
            **fields,
        },
    )
    return contribution


def _schedule(contribution: Contribution, year: int, today: datetime.date) -> None:
    """Two halves, due in March and September; what fell due is received, except one
    September instalment of the current year left overdue for the dashboard."""
    half = (contribution.amount.amount / 2).quantize(Decimal("0.01"))
    for month, amount in ((3, half), (9, contribution.amount.amount - half)):
        due = datetime.date(year, month, 1)
        Instalment.objects.update_or_create(
            contribution=contribution, due_on=due, defaults={"amount": amount}
        )
        overdue_demo = month == 9 and contribution.donor.organisation.name_en == "Australia"
        if due <= today and not overdue_demo:
            Receipt.objects.get_or_create(
                contribution=contribution,
                received_on=due + datetime.timedelta(days=10),
                defaults={"amount": amount, "reference": f"DEMO-{year}-{month:02d}"},
            )


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the demo partners, donors, rates, contributions and costs; return counts."""
    today = datetime.date.today()
    types = list(SupportType.objects.order_by("number"))
    hubs = list(Hub.objects.order_by("slug"))
    with transaction.atomic():
        _partner(get_organisation(ISD), Partnership.Kind.STRATEGIC)
        for slug, spec in HUB_HOSTS.items():
            hub = Hub.objects.filter(slug=slug).first()
            if hub is not None:
                _partner(get_organisation(spec), Partnership.Kind.HUB_HOST, hub=hub)
        donors = []
        for spec in DONORS:
            organisation = get_organisation(spec)
            _partner(organisation, Partnership.Kind.DONOR)
            donor, _created = Donor.objects.update_or_create(
                organisation=organisation,
                defaults={"since": spec["since"], "naming": Donor.Naming.NAMED},
            )
            donors.append(donor)
        anonymous, _created = Donor.objects.update_or_create(
            organisation=get_organisation(ANONYMOUS_DONOR),
            defaults={"since": ANONYMOUS_DONOR["since"], "naming": Donor.Naming.ANONYMOUS},
        )
        for index, donor in enumerate(donors):
            currency, amount = PLEDGES[donor.organisation.name_en]
            for year in YEARS:
                earmark = {}
                if types and index % 3 == 1:
                    earmark["support_type"] = types[(index + year) % len(types)]
                elif hubs and index % 3 == 2:
                    earmark["hub"] = hubs[(index + year) % len(hubs)]
                contribution = _contribution(
                    donor,
                    year,
                    Contribution.Kind.FINANCIAL,
                    currency,
                    amount,
                    description=f"Core contribution {year} {DEMO}",
                    **earmark,
                )
                _schedule(contribution, year, today)
        for year in YEARS[1:]:
            contribution = _contribution(
                anonymous,
                year,
                Contribution.Kind.FINANCIAL,
                *ANONYMOUS_PLEDGE,
                description=f"Grant {year} {DEMO}",
            )
            _schedule(contribution, year, today)
        for name, country, what, currency, value in CITIES_IN_KIND:
            organisation, _created = Organisation.objects.update_or_create(
                name_en=f"City of {name} {DEMO}",
                kind=Organisation.Kind.PARTNER,
                defaults={"name": f"City of {name} {DEMO}", "country": country},
            )
            _partner(organisation, Partnership.Kind.CO_ORGANISER)
            donor, _created = Donor.objects.get_or_create(organisation=organisation)
            _contribution(
                donor,
                2023,
                Contribution.Kind.IN_KIND,
                currency,
                value,
                in_kind_type=what,
                description=f"Hosted or supported a network event {DEMO}",
            )
        for year, amount in OPERATING_COSTS.items():
            OperatingCost.objects.update_or_create(
                year=year, defaults={"amount_usd": Decimal(amount), "notes": DEMO}
            )
    counts = {
        "donors": Donor.objects.count(),
        "partners": Partner.objects.count(),
        "contributions": Contribution.objects.count(),
    }
    if stdout is not None:
        total = sum(to_usd(c.amount.amount, c.usd_rate) for c in Contribution.objects.of_year(2022))
        stdout.write(
            f"funding: {counts['donors']} donors (1 anonymous), {counts['partners']} partners, "
            f"{counts['contributions']} contributions (2022: {total} USD)"
        )
    return counts


register_demo(
    DemoStep(
        code="funding",
        order=40,
        seed=seed,
        summary=lambda: [
            ("donors", Donor.objects.count()),
            ("partners", Partner.objects.count()),
            ("contributions", Contribution.objects.count()),
        ],
    )
)


# The Technical Support Fund's rounds and applications, in a step of their own, and the
# synthetic money of --scale.
from . import demo_fund, demo_synthetic  # noqa: E402, F401
