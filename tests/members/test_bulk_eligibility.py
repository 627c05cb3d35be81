"""The bulk eligibility answer agrees with the one-city answer, for any mix of cities.

Summit invitations, the fund and the dashboards ask "which of these cities may hold
member benefits?" for thousands of cities at once; they must get exactly the cities the
one-city check would pass, and the number of queries must not grow with the cities.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.eligibility import (
    eligibility,
    eligibility_of,
    eligible_cities,
    may_hold_member_benefits,
)
from members.models import EligibilityOverride, LocalGovernment, Membership
from tests import factories

pytestmark = pytest.mark.django_db

S = Membership.Status
OLD_EFFECTIVE = datetime.date(2023, 1, 1)
NEW_EFFECTIVE = datetime.date(2025, 1, 1)
INSIDE_GRACE = datetime.date(2025, 3, 1)  # the 2025 version's 180-day grace is running
PAST_GRACE = datetime.date(2025, 12, 1)

city = st.fixed_dictionaries(
    {
        "status": st.sampled_from([None, S.MEMBER, S.MEMBER, S.SUSPENDED, S.LAPSED, S.APPLICANT]),
        "committed_to": st.sampled_from([(), ("old",), ("new",), ("old", "new")]),
        # A listed code (in any case), another code, or none.
        "subdivision": st.sampled_from(["", "MA-04", "ma-04", "MA-07", "XX-01"]),
        # Inside the square, on its edge, outside it, or no coordinates.
        "point": st.sampled_from([None, ("20.5", "10.5"), ("21.0", "10.5"), ("30.0", "30.0")]),
        "overridden": st.booleans(),
        "listed": st.booleans(),
    }
)


def build(population, territory):
    old = factories.PrincipleVersionFactory(label="2023", effective_on=OLD_EFFECTIVE)
    new = factories.PrincipleVersionFactory(
        label="2025", effective_on=NEW_EFFECTIVE, grace_period_days=180
    )
    versions = {"old": old, "new": new}
    staff = factories.make_mu_staff()
    for number, spec in enumerate(population):
        point = spec["point"] or (None, None)
        lg = factories.LocalGovernmentFactory(
            name=f"Bulk city {number}",
            country="MA",
            subdivision=spec["subdivision"],
            latitude=Decimal(point[0]) if point[0] else None,
            longitude=Decimal(point[1]) if point[1] else None,
            publicly_listed=spec["listed"],
        )
        # The model upper-cases codes when saved; keep a lower-case one as typed.
        LocalGovernment.objects.filter(pk=lg.pk).update(subdivision=spec["subdivision"])
        if spec["status"]:
            factories.MembershipFactory(local_government=lg, status=spec["status"])
        for key in spec["committed_to"]:
            factories.CommitmentFactory(local_government=lg, version=versions[key])
        if spec["overridden"]:
            EligibilityOverride.objects.create(
                local_government=lg,
                territory=territory,
                justification="Reviewed",
                recorded_by=staff,
            )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    population=st.lists(city, min_size=1, max_size=12),
    on=st.sampled_from([INSIDE_GRACE, PAST_GRACE]),
)
def test_bulk_answer_agrees_with_the_one_city_answer(db, population, on):
    with transaction.atomic():
        territory = factories.DisputedTerritoryFactory(
            subdivision_codes=["MA-04"], boundary=factories.square(10, 20, 11, 21)
        )
        build(population, territory)
        cities = LocalGovernment.objects.filter(name__startswith="Bulk city")

        expected = {lg.pk for lg in cities if may_hold_member_benefits(lg, on)}

        assert set(eligible_cities(cities, on).values_list("pk", flat=True)) == expected
        # The answer for the cities of one page: the same verdict, reasons and matches.
        listed = list(cities.select_related("membership"))
        answers = eligibility_of(listed, on)
        assert {pk for pk, answer in answers.items() if answer.eligible} == expected
        for lg in listed:
            one = eligibility(lg, on)
            assert answers[lg.pk].reasons == one.reasons
            assert answers[lg.pk].location == one.location
        transaction.set_rollback(True)


def test_an_unlisted_member_is_eligible_and_a_suspended_one_is_not(db):
    factories.PrincipleVersionFactory(label="2023", effective_on=OLD_EFFECTIVE)
    unlisted = factories.MembershipFactory(local_government__publicly_listed=False)
    suspended = factories.MembershipFactory(status=S.SUSPENDED)
    for membership in (unlisted, suspended):
        factories.CommitmentFactory(local_government=membership.local_government)

    found = set(eligible_cities(on=datetime.date(2024, 6, 1)))

    assert found == {unlisted.local_government}


def make_population(size, territory):
    factories.PrincipleVersionFactory(label="2023", effective_on=OLD_EFFECTIVE)
    for number in range(size):
        membership = factories.MembershipFactory(
            local_government__latitude=Decimal("20.5") if number % 3 == 0 else None,
            local_government__longitude=Decimal("10.5") if number % 3 == 0 else None,
            local_government__subdivision="MA-04" if number % 5 == 0 else "",
        )
        factories.CommitmentFactory(local_government=membership.local_government)


@pytest.mark.parametrize("size", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_cities(db, size):
    territory = factories.DisputedTerritoryFactory(
        subdivision_codes=["MA-04"], boundary=factories.square(10, 20, 11, 21)
    )
    make_population(size, territory)

    with CaptureQueriesContext(connection) as queries:
        found = list(eligible_cities(on=datetime.date(2024, 6, 1)))

    # territories, the version in force, codes, boxes, overrides, then the cities
    assert len(queries) <= 6
    assert len(found) == len([n for n in range(size) if n % 3 and n % 5])


@pytest.mark.parametrize("size", [3, 30])
def test_the_answer_for_a_pages_cities_costs_the_same_queries_for_three_or_thirty(db, size):
    territory = factories.DisputedTerritoryFactory(
        subdivision_codes=["MA-04"], boundary=factories.square(10, 20, 11, 21)
    )
    make_population(size, territory)
    cities = list(LocalGovernment.objects.select_related("membership"))

    with CaptureQueriesContext(connection) as queries:
        answers = eligibility_of(cities, datetime.date(2024, 6, 1))

    # the version in force and the one before, commitments, territories, overrides
    assert len(queries) <= 5
    assert sum(answer.eligible for answer in answers.values()) == len(
        [n for n in range(size) if n % 3 and n % 5]
    )
