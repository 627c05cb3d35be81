"""The funding measures on a small hand-built dataset whose answers are known: the fund's
commitments against its rounds' envelopes, grants delivered and their value, and
contributions against operating costs in USD from the stored rates."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from funding.models import FundApplication, FundTransition, OperatingCost
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import get_measure
from tests import factories

pytestmark = pytest.mark.django_db
S = FundApplication.Status


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def records(key, period, filters=None):
    return get_measure(key).records(Period.parse(period), filters or {})


def value(key, period, filters=None):
    return get_measure(key).compute(Period.parse(period), filters or {})[0]


@pytest.fixture
def fund():
    """Two rounds open in 2025 (USD 100,000 and 50,000); one of 2024 (USD 80,000).
    In 2025: Rabat (MENA) approved 20,000 in March, delivered and closed in November;
    Oslo (Europe) approved 15,000 in May, in delivery; Lyon (Europe) declined in June.
    Tunis (MENA) was approved 10,000 in 2024 and closed in January 2025."""
    mena = factories.RegionFactory(code="mena", name="MENA")
    europe = factories.RegionFactory(code="europe", name="Europe")
    spring = factories.make_fund_round(
        envelope="100000.00",
        title="Spring 2025",
        opens_on=datetime.date(2025, 2, 1),
        closes_on=datetime.date(2025, 3, 31),
    )
    factories.make_fund_round(
        envelope="50000.00",
        title="Autumn 2025",
        opens_on=datetime.date(2025, 9, 1),
        closes_on=datetime.date(2025, 10, 31),
    )
    old = factories.make_fund_round(
        envelope="80000.00",
        title="Round 2024",
        opens_on=datetime.date(2024, 3, 1),
        closes_on=datetime.date(2024, 4, 30),
    )

    def grant(name, region, fund_round, status, approved, decided, closed=None):
        city = factories.LocalGovernmentFactory(name=name, region=region)
        application = factories.make_fund_application(
            city,
            fund_round,
            status=status,
            title=f"{name} training",
            approved_usd=Decimal(approved) if approved else None,
            decided_at=at(decided),
        )
        if closed:
            FundTransition.objects.create(
                application=application,
                from_status=S.IN_DELIVERY,
                to_status=S.CLOSED,
                created_at=at(closed),
            )
        return application

    grant(
        "Rabat",
        mena,
        spring,
        S.CLOSED,
        "20000.00",
        datetime.date(2025, 3, 20),
        closed=datetime.date(2025, 11, 5),
    )
    grant("Oslo", europe, spring, S.IN_DELIVERY, "15000.00", datetime.date(2025, 5, 2))
    grant("Lyon", europe, spring, S.DECLINED, None, datetime.date(2025, 6, 1))
    grant(
        "Tunis",
        mena,
        old,
        S.CLOSED,
        "10000.00",
        datetime.date(2024, 5, 1),
        closed=datetime.date(2025, 1, 15),
    )
    return {"mena": mena, "europe": europe}


def test_fund_commitments_against_the_rounds_envelopes(fund):
    assert value("funding.fund_envelopes", "2025") == Decimal("150000.00")
    assert value("funding.fund_envelopes", "2024") == Decimal("80000.00")
    assert sorted(r.title for r in records("funding.fund_envelopes", "2025")) == [
        "Autumn 2025",
        "Spring 2025",
    ]
    assert value("funding.fund_committed", "2025") == Decimal("35000.00")
    assert sorted(a.local_government.name for a in records("funding.fund_committed", "2025")) == [
        "Oslo",
        "Rabat",
    ]
    europe = {"regions": frozenset({fund["europe"].pk})}
    assert value("funding.fund_committed", "2025", europe) == Decimal("15000.00")
    assert value("funding.fund_committed", "2025-Q1") == Decimal("20000.00")
    assert value("funding.fund_committed", "2024") == Decimal("10000.00")


def test_grants_delivered_and_their_value(fund):
    delivered = records("funding.grants_delivered", "2025")
    assert sorted(a.local_government.name for a in delivered) == ["Rabat", "Tunis"]
    assert value("funding.grants_delivered", "2025") == 2
    assert value("funding.grants_delivered_usd", "2025") == Decimal("30000.00")
    mena = {"regions": frozenset({fund["mena"].pk})}
    assert value("funding.grants_delivered", "2025-Q1", mena) == 1  # Tunis, in January
    europe = {"regions": frozenset({fund["europe"].pk})}
    assert value("funding.grants_delivered", "2025", europe) == 0  # Oslo still in delivery
    assert value("funding.grants_delivered_usd", "2024") == 0


@pytest.fixture
def ledger():
    """2025: Norway gives NOK 1,000,000 at 0.09 (USD 90,000) in February, an anonymous
    donor USD 10,000 in July, and Oslo a venue worth USD 5,000 in kind; costs are USD
    210,000. A 2024 contribution (USD 7,000) does not count."""
    factories.make_rate("NOK", "0.09", on=datetime.date(2025, 1, 2))
    norway = factories.DonorFactory(organisation__name="Norway")
    anonymous = factories.DonorFactory(organisation__name="A quiet trust", naming="anonymous")
    oslo = factories.DonorFactory(organisation__name="City of Oslo")
    factories.make_contribution(
        norway,
        amount="1000000.00",
        currency="NOK",
        year=2025,
        pledged_on=datetime.date(2025, 2, 10),
    )
    factories.make_contribution(
        anonymous, amount="10000.00", year=2025, pledged_on=datetime.date(2025, 7, 1)
    )
    factories.make_contribution(
        oslo, amount="5000.00", year=2025, pledged_on=datetime.date(2025, 3, 1), kind="in_kind"
    )
    factories.make_contribution(norway, amount="7000.00", year=2024)
    OperatingCost.objects.create(year=2025, amount_usd=Decimal("210000.00"))


def test_contributions_against_operating_costs_in_usd_from_stored_rates(ledger):
    assert value("funding.contributions_usd", "2025") == Decimal("105000.00")
    assert len(records("funding.contributions_usd", "2025")) == 3
    assert value("funding.contributions_usd", "2025-Q1") == Decimal("95000.00")
    assert value("funding.operating_costs_usd", "2025") == Decimal("210000.00")
    assert value("funding.costs_covered", "2025") == Decimal("50.00")
    assert value("funding.costs_covered", "2024") == 0  # no costs recorded for 2024

    # A rate recorded later does not change a past contribution's value.
    factories.make_rate("NOK", "0.20", on=datetime.date(2025, 1, 3))
    assert value("funding.contributions_usd", "2025") == Decimal("105000.00")
