"""ISC seats and co-chairs: 25 at most on any day, eligible cities, co-chairs from two regions."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from governance.errors import GovernanceError
from governance.models import CoChairTerm, IscTerm
from governance.services.isc import appoint_co_chair, appoint_isc_member, renew_isc_term
from members.models import DisputedTerritory, Membership, Official
from tests import factories

JAN_2026 = datetime.date(2026, 1, 1)


def seat_holder(city):
    person = factories.PersonFactory()
    factories.OfficialFactory(person=person, local_government=city, role=Official.Role.MAYOR)
    return person


def member_city(region=None, **kwargs):
    kwargs.setdefault("local_government__region", region or factories.RegionFactory())
    return factories.MembershipFactory(**kwargs).local_government


def fill(seats: int, *, starts_on=JAN_2026, actor=None):
    region = factories.RegionFactory()
    terms = []
    for _ in range(seats):
        city = member_city(region)
        terms.append(
            appoint_isc_member(
                person=seat_holder(city), local_government=city, starts_on=starts_on, actor=actor
            )
        )
    return terms


def test_a_term_lasts_two_years_by_default_and_records_who_appointed(db, mu_staff):
    city = member_city()
    term = appoint_isc_member(
        person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=mu_staff
    )
    assert term.ends_on == datetime.date(2027, 12, 31)
    assert term.appointed_by == mu_staff and term.appointed_at is not None


def test_the_26th_seat_is_refused_and_nothing_is_saved(db, mu_staff):
    fill(25, actor=mu_staff)
    city = member_city()
    with pytest.raises(GovernanceError) as refused:
        appoint_isc_member(
            person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=mu_staff
        )
    assert "25" in refused.value.messages[0]
    assert IscTerm.objects.count() == 25


def test_a_seat_that_overlaps_only_part_of_a_full_period_is_refused_too(db, mu_staff):
    fill(25, starts_on=JAN_2026, actor=mu_staff)  # full from 2026-01-01 to 2027-12-31
    city = member_city()
    with pytest.raises(GovernanceError):
        appoint_isc_member(
            person=seat_holder(city),
            local_government=city,
            starts_on=datetime.date(2025, 6, 1),
            ends_on=datetime.date(2026, 1, 1),  # one day in the full period
            actor=mu_staff,
        )


def test_a_seat_after_the_full_period_is_accepted(db, mu_staff):
    fill(25, starts_on=JAN_2026, actor=mu_staff)
    city = member_city()
    term = appoint_isc_member(
        person=seat_holder(city),
        local_government=city,
        starts_on=datetime.date(2028, 1, 1),
        actor=mu_staff,
    )
    assert term.pk


@pytest.mark.parametrize(
    "status", [Membership.Status.APPLICANT, Membership.Status.SUSPENDED, Membership.Status.LAPSED]
)
def test_a_city_that_is_not_an_active_member_cannot_hold_a_seat(db, mu_staff, status):
    city = member_city(status=status)
    with pytest.raises(GovernanceError) as refused:
        appoint_isc_member(
            person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=mu_staff
        )
    assert city.name in refused.value.messages[0]
    assert not IscTerm.objects.exists()


def test_a_city_in_a_disputed_territory_cannot_hold_a_seat(db, mu_staff):
    city = member_city(local_government__country="MA", local_government__subdivision="MA-04")
    DisputedTerritory.objects.create(
        name="Example territory", countries=["MA"], subdivision_codes=["MA-04"], reference="x"
    )
    with pytest.raises(GovernanceError) as refused:
        appoint_isc_member(
            person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=mu_staff
        )
    assert "Example territory" in refused.value.messages[0]


def test_a_person_who_does_not_act_for_the_city_cannot_sit_for_it(db, mu_staff):
    city = member_city()
    with pytest.raises(GovernanceError):
        appoint_isc_member(
            person=factories.PersonFactory(),
            local_government=city,
            starts_on=JAN_2026,
            actor=mu_staff,
        )


def test_a_term_that_ends_before_it_starts_is_refused(db, mu_staff):
    city = member_city()
    with pytest.raises(GovernanceError):
        appoint_isc_member(
            person=seat_holder(city),
            local_government=city,
            starts_on=JAN_2026,
            ends_on=datetime.date(2025, 12, 31),
            actor=mu_staff,
        )


def test_a_renewal_is_a_new_term_linked_to_the_previous_one(db, mu_staff):
    (term,) = fill(1, actor=mu_staff)
    renewal = renew_isc_term(term=term, actor=mu_staff)
    assert renewal.previous == term
    assert renewal.starts_on == datetime.date(2028, 1, 1)
    assert renewal.ends_on == datetime.date(2029, 12, 31)
    assert IscTerm.objects.filter(person=term.person).count() == 2
    with pytest.raises(GovernanceError):
        renew_isc_term(term=term, actor=mu_staff)


def two_regions_of_members(mu_staff):
    africa, europe = factories.RegionFactory(), factories.RegionFactory()
    rabat, nairobi, hague = member_city(africa), member_city(africa), member_city(europe)
    seats = {}
    for city in (rabat, nairobi, hague):
        seats[city] = appoint_isc_member(
            person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=mu_staff
        )
    return rabat, nairobi, hague, seats


def co_chair(seat, mu_staff, **kwargs):
    return appoint_co_chair(
        person=seat.person,
        local_government=seat.local_government,
        starts_on=kwargs.pop("starts_on", JAN_2026),
        decided_on=datetime.date(2025, 11, 20),
        method=CoChairTerm.Method.ONLINE_VOTE,
        result="Elected by 143 votes to 12",
        actor=mu_staff,
        **kwargs,
    )


def test_two_co_chairs_from_different_regions_are_appointed(db, mu_staff):
    rabat, _nairobi, hague, seats = two_regions_of_members(mu_staff)
    first = co_chair(seats[rabat], mu_staff)
    second = co_chair(seats[hague], mu_staff)
    assert {first.local_government, second.local_government} == {rabat, hague}
    assert second.method == "online_vote" and "143" in second.result


def test_a_co_chair_from_the_same_region_as_the_other_is_refused(db, mu_staff):
    rabat, nairobi, _hague, seats = two_regions_of_members(mu_staff)
    co_chair(seats[rabat], mu_staff)
    with pytest.raises(GovernanceError) as refused:
        co_chair(seats[nairobi], mu_staff)
    assert "different regions" in refused.value.messages[0]
    assert CoChairTerm.objects.count() == 1


def test_a_third_co_chair_is_refused(db, mu_staff):
    rabat, _nairobi, hague, seats = two_regions_of_members(mu_staff)
    co_chair(seats[rabat], mu_staff)
    co_chair(seats[hague], mu_staff)
    third_city = member_city()
    third = appoint_isc_member(
        person=seat_holder(third_city),
        local_government=third_city,
        starts_on=JAN_2026,
        actor=mu_staff,
    )
    with pytest.raises(GovernanceError) as refused:
        co_chair(third, mu_staff)
    assert "third" in refused.value.messages[0]


def test_a_co_chair_must_hold_a_seat(db, mu_staff):
    city = member_city()
    person = seat_holder(city)
    with pytest.raises(GovernanceError):
        appoint_co_chair(
            person=person,
            local_government=city,
            starts_on=JAN_2026,
            decided_on=JAN_2026,
            method=CoChairTerm.Method.SUMMIT,
            result="By acclamation",
            actor=mu_staff,
        )


def test_staff_adding_the_26th_seat_in_the_admin_see_why_and_nothing_is_saved(client_as):
    fill(25)
    city = member_city()
    person = seat_holder(city)
    response = client_as("mu_staff").post(
        reverse("admin:governance_iscterm_add"),
        {
            "person": person.pk,
            "local_government": city.pk,
            "capacity": "mayor",
            "starts_on": "2026-03-01",
            "ends_on": "2028-02-28",
        },
    )
    assert response.status_code == 200
    assert "All 25 seats are taken" in response.content.decode()
    assert IscTerm.objects.count() == 25


def test_staff_add_a_seat_in_the_admin_and_it_records_who(client_as, mu_staff):
    city = member_city()
    person = seat_holder(city)
    response = client_as("mu_staff").post(
        reverse("admin:governance_iscterm_add"),
        {
            "person": person.pk,
            "local_government": city.pk,
            "capacity": "mayor",
            "starts_on": "2026-03-01",
            "ends_on": "2028-02-28",
        },
    )
    assert response.status_code == 302
    assert IscTerm.objects.get().appointed_by == mu_staff


@pytest.mark.django_db(transaction=True)
def test_two_staff_saving_the_25th_and_26th_seat_at_the_same_moment(mu_staff):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    fill(24)
    cities = [member_city() for _ in range(2)]
    people = [seat_holder(city) for city in cities]
    barrier = threading.Barrier(2)
    outcomes = []

    def appoint(person, city):
        try:
            barrier.wait()
            appoint_isc_member(
                person=person, local_government=city, starts_on=JAN_2026, actor=mu_staff
            )
            outcomes.append("appointed")
        except GovernanceError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=appoint, args=pair) for pair in zip(people, cities, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["appointed", "refused"]
    assert IscTerm.objects.count() == 25
