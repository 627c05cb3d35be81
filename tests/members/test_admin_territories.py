"""The disputed-territory list, the matches it finds, overrides and city locations."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import DisputedTerritory, EligibilityOverride, Membership, TerritoryMatch
from tests import factories

pytestmark = pytest.mark.django_db

ADD_TERRITORY = "admin:members_disputedterritory_add"
BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


def territory_form(**overrides) -> dict:
    return {
        "name_en": "Example territory",
        "name_ar": "",
        "name_fr": "",
        "name_es": "",
        "countries": "MA",
        "subdivision_codes": "",
        "boundary": "",
        "reference": "UN resolution (example)",
        "is_active": "on",
        **overrides,
    }


@pytest.fixture
def rabat_on_the_map(rabat):
    rabat.latitude, rabat.longitude = Decimal("34.02"), Decimal("-6.84")
    rabat.save()
    return rabat


def test_saving_a_territory_rescreens_members_and_shows_who_is_inside(
    client_as, rabat_on_the_map, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    boundary = factories.square(-7, 33.5, -6.5, 34.5)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(ADD_TERRITORY), territory_form(boundary=json.dumps(boundary))
        )

    assert response.status_code == 302
    territory = DisputedTerritory.objects.get()
    assert territory.boundary == boundary
    assert TerritoryMatch.objects.get().local_government == rabat_on_the_map
    listing = client.get(reverse("admin:members_disputedterritory_changelist")).content.decode()
    matches_url = reverse("admin:members_territorymatch_changelist")
    assert f'{matches_url}?territory__id__exact={territory.pk}">1</a>' in listing
    page = client.get(matches_url, {"territory__id__exact": territory.pk}).content.decode()
    assert "Rabat" in page and "Member" in page


def test_a_boundary_uploaded_as_a_geojson_file_is_validated_and_saved(
    client_as, rabat_on_the_map, django_capture_on_commit_callbacks
):
    feature = {"type": "Feature", "geometry": factories.square(-7, 33.5, -6.5, 34.5)}
    upload = SimpleUploadedFile("area.geojson", json.dumps(feature).encode())

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("mu_staff").post(
            reverse(ADD_TERRITORY), {**territory_form(), "boundary_file": upload}
        )

    assert response.status_code == 302
    assert DisputedTerritory.objects.get().boundary == feature
    assert TerritoryMatch.objects.filter(local_government=rabat_on_the_map).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"boundary": json.dumps(BOWTIE)}, "not a valid polygon"),
        ({"boundary": '{"type": "Point", "coordinates": [0, 0]}'}, "Polygon or MultiPolygon"),
        ({"boundary": "{not json"}, "valid JSON"),
        ({"countries": "MA, XX"}, "Not an ISO 3166-1 country code: XX"),
        ({"subdivision_codes": "MA-99"}, "is not an ISO 3166-2 subdivision code"),
        ({"subdivision_codes": "NO-03"}, "not in a country concerned: NO-03"),
    ],
)
def test_invalid_input_is_explained_and_nothing_is_saved(client_as, data, message):
    response = client_as("mu_staff").post(reverse(ADD_TERRITORY), territory_form(**data))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DisputedTerritory.objects.exists()


def test_an_invalid_geojson_file_is_refused(client_as):
    upload = SimpleUploadedFile("area.geojson", json.dumps(BOWTIE).encode())

    response = client_as("mu_staff").post(
        reverse(ADD_TERRITORY), {**territory_form(), "boundary_file": upload}
    )

    assert response.status_code == 200
    assert "not a valid polygon" in response.content.decode()
    assert not DisputedTerritory.objects.exists()


def test_deleting_a_territory_rescreens_and_clears_its_matches(
    client_as, rabat, django_capture_on_commit_callbacks
):
    rabat.subdivision = "MA-04"
    rabat.save()
    territory = factories.DisputedTerritoryFactory(subdivision_codes=["MA-04"])
    TerritoryMatch.objects.create(local_government=rabat, territory=territory, rule="subdivision")
    url = reverse("admin:members_disputedterritory_delete", args=[territory.pk])

    client = client_as("mu_staff")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302

    assert len(callbacks) >= 1
    assert not DisputedTerritory.objects.exists() and not TerritoryMatch.objects.exists()


def test_hub_staff_cannot_see_the_matches_or_change_the_list(client_as):
    client = client_as("hub_staff_mena")
    assert client.get(reverse("admin:members_territorymatch_changelist")).status_code == 403
    assert client.get(reverse(ADD_TERRITORY)).status_code == 403


# --- Overrides ------------------------------------------------------------------------


@pytest.fixture
def ineligible_rabat(rabat):
    rabat.subdivision = "MA-04"
    rabat.save()
    territory = factories.DisputedTerritoryFactory(subdivision_codes=["MA-04"])
    membership = factories.make_application(rabat, status=Membership.Status.INELIGIBLE)
    return membership, territory


def override_form(membership, territory, justification="Reviewed: a clerical error."):
    return {
        "local_government": membership.local_government_id,
        "territory": territory.pk,
        "justification": justification,
    }


def test_staff_with_the_permission_record_an_override_that_reopens_the_review(
    client_as, ineligible_rabat, mu_staff
):
    membership, territory = ineligible_rabat

    response = client_as("mu_staff").post(
        reverse("admin:members_eligibilityoverride_add"), override_form(membership, territory)
    )

    assert response.status_code == 302
    override = EligibilityOverride.objects.get()
    assert (override.recorded_by, override.territory) == (mu_staff, territory)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.UNDER_REVIEW


def test_a_user_without_the_override_permission_cannot_add_one(client_as, ineligible_rabat):
    membership, territory = ineligible_rabat
    user = factories.UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_eligibilityoverride", "view_eligibilityoverride"]
        )
    )
    client = client_as("anonymous")
    client.force_login(user)
    url = reverse("admin:members_eligibilityoverride_add")

    assert client.get(url).status_code == 403
    assert client.post(url, override_form(membership, territory)).status_code == 403
    assert not EligibilityOverride.objects.exists()


def test_an_override_needs_a_real_match_and_a_justification(client_as, ineligible_rabat, oslo):
    membership, territory = ineligible_rabat
    client = client_as("mu_staff")
    url = reverse("admin:members_eligibilityoverride_add")

    page = client.post(url, override_form(membership, territory, justification="")).content
    assert b"This field is required" in page
    elsewhere = {**override_form(membership, territory), "local_government": oslo.pk}
    assert "nothing to override" in client.post(url, elsewhere).content.decode()
    assert not EligibilityOverride.objects.exists()


def test_an_override_is_never_edited_or_deleted(client_as, ineligible_rabat, mu_staff):
    membership, territory = ineligible_rabat
    override = EligibilityOverride.objects.create(
        local_government=membership.local_government,
        territory=territory,
        justification="Kept",
        recorded_by=mu_staff,
    )
    client = client_as("mu_staff")

    client.post(
        reverse("admin:members_eligibilityoverride_change", args=[override.pk]),
        {**override_form(membership, territory), "justification": "Changed"},
    )
    delete = reverse("admin:members_eligibilityoverride_delete", args=[override.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    override.refresh_from_db()
    assert override.justification == "Kept"


# --- Local governments ----------------------------------------------------------------


def city_form(city, **overrides) -> dict:
    data = {
        "name_en": city.name_en,
        "name_ar": "",
        "name_fr": "",
        "name_es": "",
        "kind": city.kind,
        "country": city.country.code,
        "subdivision": city.subdivision,
        "latitude": city.latitude or "",
        "longitude": city.longitude or "",
        "population": "",
        "website": "",
        "region": city.region_id or "",
        "languages": "[]",
        "profile_en": "",
        "publicly_listed": "on",
        "officials-TOTAL_FORMS": "0",
        "officials-INITIAL_FORMS": "0",
        "officials-MIN_NUM_FORMS": "0",
        "officials-MAX_NUM_FORMS": "1000",
        **overrides,
    }
    return data


def test_moving_a_city_under_review_into_a_territory_makes_it_ineligible(client_as, rabat):
    factories.DisputedTerritoryFactory(
        name="Listed", boundary=factories.square(-7, 33.5, -6.5, 34.5)
    )
    membership = factories.make_application(rabat)
    url = reverse("admin:members_localgovernment_change", args=[rabat.pk])

    response = client_as("mu_staff").post(
        url, city_form(rabat, latitude="34.02", longitude="-6.84")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    assert "Listed" in membership.transitions.first().reason
    assert TerritoryMatch.objects.filter(local_government=rabat).exists()


def test_a_city_without_a_region_gets_its_countrys_region(client_as, rabat):
    from members.models import CountryRegion

    CountryRegion.objects.create(country="MA", region=rabat.region)
    city = factories.LocalGovernmentFactory(country="MA", region=None, name="Tangier")

    response = client_as("mu_staff").post(
        reverse("admin:members_localgovernment_change", args=[city.pk]), city_form(city)
    )

    assert response.status_code == 302
    city.refresh_from_db()
    assert city.region == rabat.region


def test_the_city_list_query_count_does_not_grow_with_the_number_of_cities(client_as, rabat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("mu_staff")
    url = reverse("admin:members_localgovernment_changelist")
    client.get(url)

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    factories.MembershipFactory.create_batch(4, local_government__region=rabat.region)
    at_5 = measure()
    factories.MembershipFactory.create_batch(45, local_government__region=rabat.region)
    assert measure() == at_5
