"""The public read API shows exactly the fields it lists, and only public records: listed
member cities, published public resources, current ISC members, published minutes."""

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from governance.models import Minutes
from tests import factories

pytestmark = pytest.mark.django_db

CITY_FIELDS = {
    "code",
    "name",
    "kind",
    "country",
    "country_name",
    "region",
    "joined",
    "website",
    "profile_url",
}
RESOURCE_FIELDS = {
    "code",
    "kind",
    "title",
    "summary",
    "body",
    "languages",
    "external_url",
    "published_on",
    "author",
    "priorities",
    "themes",
    "regions",
    "countries",
    "files",
    "translations",
    "url",
}


@pytest.fixture
def api():
    return Client()


def every_key(value, found=None) -> set[str]:
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            every_key(inner, found)
    elif isinstance(value, list):
        for inner in value:
            every_key(inner, found)
    return found


def test_cities_are_the_listed_members_with_the_listed_fields_only(api, rabat, oslo):
    oslo.publicly_listed = False
    oslo.save(update_fields=["publicly_listed"])
    body = api.get(reverse("api:city-list")).json()
    assert [c["name"] for c in body["results"]] == ["Rabat"]
    assert set(body["results"][0]) == CITY_FIELDS
    assert api.get(reverse("api:city-detail", kwargs={"code": oslo.code})).status_code == 404
    profile = api.get(reverse("api:city-detail", kwargs={"code": rabat.code})).json()
    assert set(profile) == CITY_FIELDS | {"profile", "languages", "priorities"}


def test_cities_are_narrowed_by_the_directorys_filters_with_priorities_by_code(api, rabat, oslo):
    youth = factories.StrategicPriorityFactory(code="youth")
    prevention = factories.StrategicPriorityFactory(code="prevention")
    rabat.priorities.add(youth)
    oslo.priorities.add(prevention)
    url = reverse("api:city-list")

    def names(**query):
        response = api.get(url, query)
        assert response.status_code == 200
        return [c["name"] for c in response.json()["results"]]

    assert names(priorities="youth") == ["Rabat"]
    assert names(priorities=["youth", "prevention"]) == ["Oslo", "Rabat"]
    assert names(priorities="youth", region="europe") == []
    refused = api.get(url, {"priorities": "world-peace"})
    assert refused.status_code == 400
    assert list(refused.json()) == ["priorities"]


def test_no_private_field_of_a_city_ever_appears(api, rabat, official_of_rabat):
    text = api.get(reverse("api:city-detail", kwargs={"code": rabat.code})).content.decode()
    assert official_of_rabat.email not in text
    for private in ("email", "publicly_listed", "subdivision", "latitude", "notes"):
        assert f'"{private}"' not in text


@pytest.mark.parametrize(
    "fields",
    [
        {"visibility": "members"},
        {"visibility": "staff"},
        {"status": "draft"},
        {"status": "in_review"},
        {"status": "archived"},
    ],
)
def test_only_published_public_resources_appear(api, fields):
    hidden = factories.make_resource(title="Hidden one", review_note="Staff note", **fields)
    shown = factories.make_resource(title="Shown one")
    body = api.get(reverse("api:resource-list")).json()
    assert [r["title"] for r in body["results"]] == ["Shown one"]
    assert set(body["results"][0]) == RESOURCE_FIELDS
    detail = reverse("api:resource-detail", kwargs={"code": hidden.code})
    assert api.get(detail).status_code == 404
    assert (
        "Staff note"
        not in api.get(reverse("api:resource-detail", kwargs={"code": shown.code})).content.decode()
    )


def test_a_resource_comes_in_the_language_asked_with_every_translation(api):
    resource = factories.make_resource(
        title_en="Youth councils", title_ar="مجالس الشباب", title_fr="Conseils de jeunes"
    )
    url = reverse("api:resource-detail", kwargs={"code": resource.code})
    assert api.get(url + "?lang=ar").json()["title"] == "مجالس الشباب"
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["title"] == "Conseils de jeunes"
    # A malformed header falls back to English, never an error.
    answer = api.get(url, HTTP_ACCEPT_LANGUAGE=";;q=x,,@@")
    assert answer.status_code == 200 and answer.json()["title"] == "Youth councils"
    translations = answer.json()["translations"]
    assert translations["ar"]["title"] == "مجالس الشباب" and translations["es"]["title"] is None


def test_the_resource_body_is_sanitised(api):
    resource = factories.make_resource(body="<p>Fine</p><script>alert(1)</script>")
    body = api.get(reverse("api:resource-detail", kwargs={"code": resource.code})).json()["body"]
    assert "<p>Fine</p>" in body and "script" not in body


def test_isc_members_and_published_minutes_only(api, isc_member):
    published = factories.make_minutes(status=Minutes.Status.PUBLISHED)
    draft = factories.make_minutes(status=Minutes.Status.DRAFT)
    members = api.get(reverse("api:isc-member-list")).json()
    assert len(members) == 1
    assert set(members[0]) == {
        "name",
        "city",
        "city_code",
        "region",
        "co_chair",
        "starts_on",
        "ends_on",
    }
    assert isc_member.email not in str(members)
    minutes = api.get(reverse("api:minutes-list")).json()["results"]
    assert [m["code"] for m in minutes] == [str(published.code)]
    detail = reverse("api:minutes-detail", kwargs={"code": draft.code})
    assert api.get(detail).status_code == 404


@pytest.mark.parametrize(
    "query", ["kind=unknown", "year=x", "page=999", "page=-1", "region=nowhere", "q=" + "x" * 300]
)
def test_bad_input_is_a_clear_answer_never_a_server_error(api, query):
    factories.make_resource()
    response = api.get(reverse("api:resource-list") + "?" + query)
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")


def test_answers_carry_an_etag_and_a_repeat_is_not_modified(api):
    factories.make_resource()
    url = reverse("api:resource-list")
    first = api.get(url)
    assert first["ETag"] and "max-age=300" in first["Cache-Control"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_any_site_may_read_but_not_write(api):
    response = api.get(reverse("api:resource-list"), HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        reverse("api:resource-list"),
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert api.post(reverse("api:resource-list"), {}).status_code == 405


def test_anonymous_clients_are_throttled(api, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    # API_ANON_RATE sets it (300 a minute by default); three make the test short.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    statuses = [api.get(reverse("api:resource-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "throttled" in api.get(reverse("api:resource-list")).json()["detail"]


def test_the_schema_and_its_documentation_are_served_by_the_portal(api):
    schema = api.get(reverse("api:schema") + "?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/resources/" in paths and "/api/v1/cities/{code}/" in paths
    docs = api.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in docs and "//cdn" not in docs and "https://" not in docs


def test_the_resource_list_costs_the_same_queries_whatever_its_size(
    api, django_assert_max_num_queries
):
    for _ in range(3):
        factories.make_resource()
    url = reverse("api:resource-list")
    with django_assert_max_num_queries(20) as few:
        api.get(url)
    for _ in range(25):
        factories.make_resource()
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get(url)


def test_a_guessed_code_is_404(api):
    url = reverse("api:resource-detail", kwargs={"code": uuid.uuid4()})
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("endpoint", ["api:city-list", "api:isc-member-list", "api:minutes-list"])
def test_cities_isc_members_and_minutes_cost_the_same_queries_whatever_their_number(
    api, endpoint, django_assert_max_num_queries
):
    def add(count: int):
        for _ in range(count):
            city = factories.MembershipFactory().local_government
            city.priorities.add(factories.StrategicPriorityFactory())
            factories.make_isc_member(city)
            factories.make_minutes(status=Minutes.Status.PUBLISHED)

    add(2)
    url = reverse(endpoint)
    with django_assert_max_num_queries(20) as few:
        assert api.get(url).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = api.get(url).json()
    assert len(answer["results"] if isinstance(answer, dict) else answer) == 14
