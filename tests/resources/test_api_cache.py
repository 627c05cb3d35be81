"""The read API answers what every client sees the same from the cache, renewed by any
change to the network's public data, after counting the request against the rate limit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    "name", ["api:resource-list", "api:city-list", "api:activity-list", "api:minutes-list"]
)
def test_a_repeated_list_is_answered_without_touching_the_database(page_cache, rabat, name):
    factories.make_resource()
    first = Client().get(reverse(name))
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(reverse(name))
    assert reads(queries) == []
    assert second["X-Page-Cache"] == "hit"
    assert second.json() == first.json()
    assert second["Content-Type"] == "application/json"
    assert second["ETag"] == first["ETag"]


def test_a_new_resource_shows_at_once(page_cache):
    factories.make_resource(title_en="First guide")
    url = reverse("api:resource-list")
    Client().get(url)
    factories.make_resource(title_en="Second guide")
    titles = [r["title"] for r in Client().get(url).json()["results"]]
    assert "Second guide" in titles and "First guide" in titles


def test_each_language_and_query_has_its_own_answer(page_cache):
    factories.make_resource(title_en="A guide", title_ar="دليل")
    url = reverse("api:resource-list")
    english = Client().get(url, {"lang": "en"}).json()
    arabic = Client().get(url, {"lang": "ar"}).json()
    by_header = Client().get(url, headers={"accept-language": "ar"}).json()
    assert english["results"][0]["title"] == "A guide"
    assert arabic["results"][0]["title"] == by_header["results"][0]["title"] == "دليل"
    assert Client().get(url, {"q": "nothing-like-this"}).json()["count"] == 0


def test_a_refusal_is_never_stored(page_cache):
    url = reverse("api:resource-list")
    for _ in range(2):
        refused = Client().get(url, {"page": "99"})
        assert refused.status_code == 404
        assert "X-Page-Cache" not in refused


def test_answers_from_the_cache_still_count_against_the_rate_limit(page_cache, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    api = Client()
    url = reverse("api:resource-list")
    statuses = [api.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
