"""Each measure on a small hand-built dataset whose answers are known."""

import datetime

import pytest
from django.utils import timezone

from members.models import Membership, MembershipTransition
from scn_portal.mel.periods import Period, closed_periods
from scn_portal.mel.registry import get_measure, measure_choices
from tests import factories

pytestmark = pytest.mark.django_db
S = Membership.Status


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def member(name, region, joined, status=S.MEMBER):
    return factories.MembershipFactory(
        local_government__name=name,
        local_government__region=region,
        joined_on=joined,
        status=status,
    )


def move(membership, from_status, to_status, day):
    row = MembershipTransition.objects.create(
        membership=membership, from_status=from_status, to_status=to_status
    )
    MembershipTransition.objects.filter(pk=row.pk).update(at=at(day))


@pytest.fixture
def network():
    """Five cities in two regions:
    - Rabat (MENA) joined 2023, still a member;
    - Tunis (MENA) joined 2024-05, still a member;
    - Oslo (Europe) joined 2022, withdrew on 2024-03-10;
    - Lyon (Europe) joined 2024-11, suspended 2025-02 (so a member at the end of 2024);
    - Porto (Europe) applied in 2024, never a member.
    """
    mena = factories.RegionFactory(code="mena", name="MENA")
    europe = factories.RegionFactory(code="europe", name="Europe")
    member("Rabat", mena, datetime.date(2023, 2, 1))
    member("Tunis", mena, datetime.date(2024, 5, 20))
    oslo = member("Oslo", europe, datetime.date(2022, 6, 1), status=S.WITHDRAWN)
    move(oslo, S.MEMBER, S.WITHDRAWN, datetime.date(2024, 3, 10))
    lyon = member("Lyon", europe, datetime.date(2024, 11, 2), status=S.SUSPENDED)
    move(lyon, S.UNDER_REVIEW, S.MEMBER, datetime.date(2024, 11, 2))
    move(lyon, S.MEMBER, S.SUSPENDED, datetime.date(2025, 2, 1))
    member("Porto", europe, None, status=S.UNDER_REVIEW)
    return {"mena": mena, "europe": europe}


def names(measure_key, period, filters=None):
    records = get_measure(measure_key).records(Period.parse(period), filters or {})
    return sorted(str(city.name) for city in records)


def value(measure_key, period, filters=None):
    return get_measure(measure_key).compute(Period.parse(period), filters or {})[0]


def test_member_cities_at_the_end_of_each_period_follow_the_status_history(network):
    assert names("members.member_cities", "2023") == ["Oslo", "Rabat"]
    assert names("members.member_cities", "2024-Q1") == ["Rabat"]
    assert names("members.member_cities", "2024") == ["Lyon", "Rabat", "Tunis"]
    assert names("members.member_cities", "2025-Q1") == ["Rabat", "Tunis"]
    assert value("members.member_cities", "2024") == 3


def test_member_cities_split_by_region(network):
    mena = {"regions": frozenset({network["mena"].pk})}
    europe = {"regions": frozenset({network["europe"].pk})}
    assert names("members.member_cities", "2024", mena) == ["Rabat", "Tunis"]
    assert names("members.member_cities", "2024", europe) == ["Lyon"]
    assert names("members.member_cities", "2023", europe) == ["Oslo"]


def test_new_members_are_those_that_joined_in_the_period(network):
    assert names("members.new_members", "2024") == ["Lyon", "Tunis"]
    assert names("members.new_members", "2024-Q2") == ["Tunis"]
    assert names("members.new_members", "2024-Q1") == []
    europe = {"regions": frozenset({network["europe"].pk})}
    assert names("members.new_members", "2024", europe) == ["Lyon"]


def test_member_cities_take_two_queries_whatever_the_number_of_cities(
    network, django_assert_num_queries
):
    for n in range(20):
        member(f"Extra {n}", network["mena"], datetime.date(2023, 1, 1))
    with django_assert_num_queries(3):  # memberships, status history, the cities' ids
        get_measure("members.member_cities").compute(Period(2024), {})


@pytest.fixture
def isc(network):
    """Seats on 2025-06-30: two MENA, one Europe (a fourth Europe term ended in 2024);
    three meetings in 2025, one of them still to come."""
    rabat = factories.LocalGovernmentFactory(name="Rabat ISC", region=network["mena"])
    tunis = factories.LocalGovernmentFactory(name="Tunis ISC", region=network["mena"])
    oslo = factories.LocalGovernmentFactory(name="Oslo ISC", region=network["europe"])
    for city in (rabat, tunis, oslo):
        factories.IscTermFactory(
            local_government=city,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    factories.IscTermFactory(
        local_government=oslo,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 6, 1), datetime.date(2025, 11, 1)):
        factories.MeetingFactory(starts_at=at(day))
    factories.MeetingFactory(starts_at=at(datetime.date(2024, 12, 31)))
    return network


def test_isc_seats_and_the_share_per_region(isc):
    mena = {"regions": frozenset({isc["mena"].pk})}
    europe = {"regions": frozenset({isc["europe"].pk})}
    assert value("governance.isc_seats", "2025-Q2") == 3
    assert value("governance.isc_seats", "2025-Q2", europe) == 1
    assert str(value("governance.isc_region_share", "2025-Q2", mena)) == "66.67"
    assert str(value("governance.isc_region_share", "2025-Q2", europe)) == "33.33"
    # For the whole network: the largest share one region holds, and its seats behind it.
    assert str(value("governance.isc_region_share", "2025-Q2")) == "66.67"
    records = get_measure("governance.isc_region_share").records(Period(2025, 2), {})
    assert {t.local_government.region_id for t in records} == {isc["mena"].pk}
    assert value("governance.isc_seats", "2024") == 1


def test_meetings_held_count_those_that_took_place(isc, time_machine):
    time_machine.move_to(at(datetime.date(2025, 7, 15)))
    assert value("governance.meetings_held", "2025") == 2  # November's is still to come
    assert value("governance.meetings_held", "2025-Q1") == 1
    assert value("governance.meetings_held", "2024") == 1


def test_staff_pick_among_the_measures_the_apps_register():
    keys = {key for key, _label in measure_choices()}
    assert {
        "members.member_cities",
        "members.new_members",
        "governance.isc_seats",
        "governance.isc_region_share",
        "governance.meetings_held",
    } <= keys


def test_periods_read_and_end_as_written():
    assert Period.parse("2025-Q2").end == datetime.date(2025, 6, 30)
    assert Period.parse("2025").start == datetime.date(2025, 1, 1)
    with pytest.raises(ValueError):
        Period.parse("2025-Q5")
    closed = [p.code for p in closed_periods(datetime.date(2025, 7, 1))]
    assert closed == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024", "2025-Q1", "2025-Q2"]
