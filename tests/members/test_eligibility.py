"""The disputed-territory check: by subdivision code, by boundary, overrides, re-screening."""

from decimal import Decimal

import pytest

from members import tasks
from members.eligibility import eligibility, location_check
from members.errors import MembershipError
from members.models import Membership, TerritoryMatch
from members.services import applications, screening
from tests import factories

pytestmark = pytest.mark.django_db

Rule = TerritoryMatch.Rule


def city_at(latitude: str, longitude: str, **kwargs):
    return factories.LocalGovernmentFactory(
        latitude=Decimal(latitude), longitude=Decimal(longitude), **kwargs
    )


@pytest.fixture
def territory():
    """A square from 10°E to 11°E and 20°N to 21°N, also covering the code MA-04."""
    return factories.DisputedTerritoryFactory(
        name="Example territory",
        subdivision_codes=["MA-04"],
        boundary=factories.square(10, 20, 11, 21),
    )


def test_a_city_whose_subdivision_is_listed_is_inside_and_the_rule_is_named(territory):
    city = factories.LocalGovernmentFactory(country="MA", subdivision="MA-04")

    result = location_check(city)

    assert not result.eligible
    [match] = result.matches
    assert (match.territory, match.rule) == (territory, Rule.SUBDIVISION)
    assert "Example territory" in match.explanation


def test_a_listed_code_matches_whatever_its_case(territory):
    city = factories.LocalGovernmentFactory(country="MA", subdivision="ma-04")

    assert not location_check(city).eligible


@pytest.mark.parametrize(
    ("latitude", "longitude", "inside"),
    [
        ("20.50000", "10.50000", True),  # in the middle
        ("21.00000", "10.50000", True),  # on the northern edge: the edge belongs to it
        ("20.00000", "10.00000", True),  # on a corner
        ("21.00100", "10.50000", False),  # just north
        ("20.50000", "9.99900", False),  # just west
    ],
)
def test_coordinates_inside_or_on_the_edge_of_the_boundary_match(
    territory, latitude, longitude, inside
):
    city = city_at(latitude, longitude)

    result = location_check(city)

    assert result.eligible is not inside
    if inside:
        assert [(m.territory, m.rule) for m in result.matches] == [(territory, Rule.BOUNDARY)]


def test_an_inactive_territory_matches_nothing(territory):
    territory.is_active = False
    territory.save()

    assert location_check(city_at("20.5", "10.5")).eligible


def test_an_override_clears_the_match_and_reopens_the_review(territory, mu_staff):
    membership = factories.make_application(city_at("20.5", "10.5"), status="ineligible")

    screening.record_eligibility_override(
        local_government=membership.local_government,
        territory=territory,
        justification="The coordinates were wrong; the town is 200 km away.",
        actor=mu_staff,
    )

    result = location_check(membership.local_government)
    assert result.eligible and [m.territory for m in result.overridden] == [territory]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.UNDER_REVIEW
    assert "200 km" in membership.transitions.first().reason


def test_an_override_needs_the_dedicated_permission(territory, hub_staff_mena):
    city = city_at("20.5", "10.5")

    with pytest.raises(MembershipError) as refused:
        screening.record_eligibility_override(
            local_government=city, territory=territory, justification="no", actor=hub_staff_mena
        )

    assert refused.value.code == "permission"
    assert not location_check(city).eligible


def test_an_ineligible_application_cannot_be_approved(territory, mu_staff):
    membership = factories.make_application(city_at("20.5", "10.5"))

    with pytest.raises(MembershipError) as refused:
        applications.approve_membership(membership=membership, actor=mu_staff)

    assert refused.value.code == "ineligible"
    assert "Example territory" in refused.value.messages[0]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.UNDER_REVIEW


def test_submitting_from_inside_a_territory_makes_the_application_ineligible_with_the_reason(
    territory, official_of_rabat, rabat
):
    rabat.subdivision = "MA-04"
    rabat.save()
    membership = factories.make_application(rabat, status="applicant")

    applications.submit_application(membership=membership, actor=official_of_rabat)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    assert "Example territory" in membership.transitions.first().reason
    assert TerritoryMatch.objects.filter(local_government=rabat, rule=Rule.SUBDIVISION).exists()


def test_rescreening_after_the_list_changes_finds_a_member_newly_inside(rabat, oslo):
    rabat.latitude, rabat.longitude = Decimal("34.02"), Decimal("-6.84")
    rabat.save()
    assert tasks.rescreen_disputed_territories() == 0
    assert not TerritoryMatch.objects.exists()

    territory = factories.DisputedTerritoryFactory(boundary=factories.square(-7, 33.5, -6.5, 34.5))
    found = tasks.rescreen_disputed_territories()

    assert found == 1
    match = TerritoryMatch.objects.get()
    assert (match.local_government, match.territory, match.rule) == (
        rabat,
        territory,
        Rule.BOUNDARY,
    )

    territory.is_active = False
    territory.save()
    assert tasks.rescreen_disputed_territories() == 0
    assert not TerritoryMatch.objects.exists()


def test_rescreening_keeps_overridden_matches_visible_but_not_counting(rabat, mu_staff):
    rabat.subdivision = "MA-04"
    rabat.save()
    territory = factories.DisputedTerritoryFactory(subdivision_codes=["MA-04"])
    screening.record_eligibility_override(
        local_government=rabat, territory=territory, justification="Reviewed.", actor=mu_staff
    )

    tasks.rescreen_disputed_territories()

    assert TerritoryMatch.objects.filter(local_government=rabat).exists()
    assert location_check(rabat).eligible


def test_a_member_inside_a_territory_may_not_hold_member_benefits(rabat):
    factories.CommitmentFactory(local_government=rabat)
    assert eligibility(rabat).eligible

    rabat.subdivision = "MA-04"
    rabat.save()
    factories.DisputedTerritoryFactory(name="Listed", subdivision_codes=["MA-04"])

    result = eligibility(rabat)
    assert not result.eligible
    assert any("Listed" in reason for reason in result.reasons)


def test_rescreening_moves_an_application_under_review_to_ineligible_with_the_reason(territory):
    city = city_at("20.5", "10.5", name="Application town")
    membership = factories.MembershipFactory(
        local_government=city, status=Membership.Status.UNDER_REVIEW
    )
    assert tasks.rescreen_disputed_territories() == 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    record = membership.transitions.get()
    assert record.actor is None and "Example territory" in record.reason


def test_rescreening_drops_matches_of_cities_no_longer_screened(territory):
    city = city_at("20.5", "10.5", name="Withdrawn town")
    membership = factories.MembershipFactory(local_government=city)
    tasks.rescreen_disputed_territories()
    assert TerritoryMatch.objects.filter(local_government=city).exists()
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.WITHDRAWN)
    tasks.rescreen_disputed_territories()
    assert not TerritoryMatch.objects.filter(local_government=city).exists()
