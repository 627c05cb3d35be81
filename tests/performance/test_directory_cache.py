"""The directory and its feed at scale: what every visitor sees the same is computed once
per version of the directory, served from the cache, and refreshed as soon as a city or a
membership changes."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import feed as feed_builds
from members.models import Membership
from members.selectors.directory import CappedPaginator
from members.services import cities, memberships
from members.tasks import build_directory_feed
from tests import factories
from tests.members.test_directory import member, names_on, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    europe = factories.RegionFactory(code="europe", name="Europe")
    factories.RegionFactory(code="mena", name="Middle East and North Africa")
    return [member(f"Town {n:02d}", region=europe) for n in range(5)]


def reads(queries) -> list[str]:
    """The queries that read or write data (the request's savepoints aside)."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def feed(client, **headers):
    return client.get(url("members:directory_feed"), headers=headers)


def test_the_feed_is_built_once_then_served_without_touching_the_database(client, listed):
    first = feed(client)
    with CaptureQueriesContext(connection) as queries:
        second = feed(client)
    assert reads(queries) == []
    assert second.content == first.content
    assert json.loads(second.content)["count"] == 5


def test_the_feed_is_gzipped_for_clients_that_accept_it(client, listed):
    plain = feed(client)
    zipped = feed(client, accept_encoding="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)


def test_a_website_polling_an_unchanged_feed_gets_not_modified(client, listed):
    first = feed(client)
    assert first["ETag"] and first["Last-Modified"]
    again = feed(client, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_feed_changes_when_a_listed_member_changes(client, listed, mu_staff):
    first = feed(client)
    city = listed[0]
    city.name_en = "Renamed Town"
    cities.save_city_record(local_government=city, changed=["name_en"], actor=mu_staff)

    after = feed(client, if_none_match=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    names = [c["name"]["en"] for c in json.loads(after.content)["cities"]]
    assert "Renamed Town" in names and "Town 00" not in names


def test_a_suspended_member_leaves_the_cached_feed_and_directory(client, listed, mu_staff):
    feed(client)
    client.get(url("members:directory"))
    membership = Membership.objects.get(local_government=listed[1])
    memberships.transition(
        membership=membership, to=Membership.Status.SUSPENDED, actor=mu_staff, reason="Test"
    )

    data = json.loads(feed(client).content)
    assert data["count"] == 4
    assert "Town 01" not in [c["name"]["en"] for c in data["cities"]]
    page = client.get(url("members:directory"))
    assert "Town 01" not in names_on(page)
    assert page.context["page_obj"].paginator.count == 4


def test_the_directory_counts_and_chart_are_cached_per_filter(client, listed):
    client.get(url("members:directory"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("members:directory"))
    sql = " ".join(q["sql"] for q in queries)
    assert "COUNT(" not in sql.upper()
    assert response.context["page_obj"].paginator.count == 5
    # Another filter is counted for itself, not served the first one's numbers.
    mena = client.get(url("members:directory"), {"region": "mena"})
    assert mena.context["page_obj"].paginator.count == 0
    assert mena.context["by_region"] == []


def test_a_new_member_shows_in_the_cached_count_at_once(client, listed):
    client.get(url("members:directory"))
    member("Newcomer")
    response = client.get(url("members:directory"))
    assert response.context["page_obj"].paginator.count == 6
    assert "Newcomer" in names_on(response)


def test_deep_pages_stop_at_the_cap_with_a_way_to_find_the_rest(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 2)
    for n in range(24 * 3):
        member(f"Town {n:03d}")

    response = client.get(url("members:directory"), {"page": "3"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.number == 2  # the last page offered
    assert page.paginator.count == 72  # the heading still gives the true number
    html = response.content.decode()
    assert "72 members" in html
    assert "Only the first 48 members are shown page by page" in html
    assert 'rel="next"' not in html


def test_the_cap_message_is_not_shown_when_every_member_fits(client, listed):
    html = client.get(url("members:directory")).content.decode()
    assert "shown page by page" not in html


def test_the_home_page_figures_are_counted_once_and_follow_a_new_member(client, listed):
    home = url("web:home")
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(home)
    assert not [sql for sql in reads(queries) if "members_membership" in sql]
    assert first.context["figures"][0]["value"] == 5

    member("Newcomer")
    assert client.get(home).context["figures"][0]["value"] == 6


def test_the_cached_filter_form_keeps_each_visitors_choices_and_language(client, listed):
    europe = client.get(url("members:directory"), {"region": "europe"}).content.decode()
    mena = client.get(url("members:directory"), {"region": "mena"}).content.decode()
    arabic = client.get(url("members:directory", "ar"), {"region": "mena"}).content.decode()
    assert '<option value="europe" selected>' in europe
    assert '<option value="mena" selected>' in mena
    assert '<option value="europe" selected>' not in mena
    assert "جميع البلدان" in arabic and "All countries" in mena


# --- The feed is built by a task, never by a crowd of web workers ----------------------


@pytest.fixture
def queued(monkeypatch):
    """A broker that takes the build task but no worker runs it yet: the builds asked."""
    asked = []

    def enqueue(name, **kwargs):
        asked.append((name, kwargs))
        return True

    monkeypatch.setattr(feed_builds, "enqueue_by_name", enqueue)
    monkeypatch.setattr(feed_builds, "WAIT_SECONDS", 0.3)
    return asked


def test_after_a_change_the_last_feed_is_served_while_one_build_is_queued(
    client, listed, queued, mu_staff
):
    feed_builds.build("en")  # the feed as the worker last built it
    city = listed[0]
    city.name_en = "Renamed Town"
    cities.save_city_record(local_government=city, changed=["name_en"], actor=mu_staff)

    first, second = feed(client), feed(client)
    # The web workers answer at once with the last feed and build nothing themselves...
    for response in (first, second):
        assert response.status_code == 200
        assert "Town 00" in [c["name"]["en"] for c in json.loads(response.content)["cities"]]
    # ...and the build is queued once, however many requests arrive.
    assert queued == [("members.build_directory_feed", {"language": "en"})]

    feed_builds.build("en")  # the worker runs it
    names = [c["name"]["en"] for c in json.loads(feed(client).content)["cities"]]
    assert "Renamed Town" in names and "Town 00" not in names


def test_a_feed_never_built_answers_503_with_retry_after_in_the_visitors_language(
    client, listed, queued
):
    response = feed(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again" in json.loads(response.content)["detail"]
    arabic = client.get(url("members:directory_feed", "ar"))
    assert arabic.status_code == 503
    assert json.loads(arabic.content)["detail"] == (
        "يجري إعداد الدليل. يرجى المحاولة مرة أخرى بعد دقيقة."
    )
    assert [language for _name, kw in queued for language in kw.values()] == ["en", "ar"]


def test_without_a_reachable_broker_the_feed_is_still_served(client, listed, monkeypatch):
    monkeypatch.setattr(feed_builds, "enqueue_by_name", lambda name, **kw: False)
    response = feed(client)
    assert response.status_code == 200
    assert json.loads(response.content)["count"] == 5


def test_the_build_task_keeps_each_language_apart(client, listed):
    build_directory_feed(language="fr")
    build_directory_feed(language="en")
    french = json.loads(client.get(url("members:directory_feed", "fr")).content)
    english = json.loads(feed(client).content)
    assert french["language"] == "fr" and english["language"] == "en"


@pytest.mark.integration
def test_a_real_worker_builds_the_feed_the_portal_serves(celery_worker, settings, client):
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("the worker shares the portal's cache only through Redis (REDIS_URL)")
    europe = factories.RegionFactory(code="europe", name="Europe")
    member("Worker Town", region=europe)
    # The first request queues the build; the worker builds it while the request waits.
    response = feed(client)
    assert response.status_code == 200
    assert [c["name"]["en"] for c in json.loads(response.content)["cities"]] == ["Worker Town"]
    assert "build_directory_feed" in celery_worker["log"].read_text()
