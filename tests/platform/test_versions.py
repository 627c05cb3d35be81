"""A request reads each version token once: what it keeps under them (a list's count, its
dates, the admin menu) is asked of one version, its own changes count at once, and what
another process changes counts from the next request. Outside a request (a task, a
command) every question reads the shared cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from scn_portal import versions
from scn_portal.web import page_cache

KEY = "tests:versions:some-version"


class CountingCache:
    """The shared cache, counting the reads of each key."""

    def __init__(self, real):
        self.real = real
        self.reads: dict[str, int] = {}

    def get(self, key, *args, **kwargs):
        self.reads[key] = self.reads.get(key, 0) + 1
        return self.real.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture(autouse=True)
def _a_version_drawn_earlier():
    cache.set(KEY, "drawn-earlier")
    yield
    cache.delete(KEY)


@pytest.fixture
def counting(monkeypatch):
    counting = CountingCache(cache)
    monkeypatch.setattr(versions, "cache", counting)
    return counting


# What the request's signals call (sending the signals themselves would also have Django
# close the test's database connections); the admin list below goes through real requests.
start_request = versions._request_started
finish_request = versions._request_finished


@pytest.fixture
def in_a_request():
    start_request()
    yield
    finish_request()


def another_process_renews(key: str) -> str:
    cache.set(key, "drawn-by-another-process")
    return "drawn-by-another-process"


def test_within_a_request_a_version_is_read_once_and_the_requests_own_change_counts(
    in_a_request, counting
):
    first = versions.current(KEY)
    assert versions.current(KEY) == first and versions.current(KEY) == first
    assert counting.reads[KEY] == 1

    # Another process moves it on: this request goes on with the one it read.
    another_process_renews(KEY)
    assert versions.current(KEY) == first

    # The request's own change counts at once, for the rest of the request.
    versions.renew(KEY)
    renewed = versions.current(KEY)
    assert renewed != first and renewed == cache.get(KEY)


def test_the_next_request_reads_what_another_process_changed(counting):
    start_request()
    first = versions.current(KEY)
    finish_request()

    drawn = another_process_renews(KEY)

    start_request()
    assert versions.current(KEY) == drawn != first
    finish_request()
    assert counting.reads[KEY] == 2


def test_outside_a_request_every_question_reads_the_shared_cache(counting):
    first = versions.current(KEY)
    drawn = another_process_renews(KEY)
    assert versions.current(KEY) == drawn != first
    assert counting.reads[KEY] == 2


@pytest.mark.django_db
def test_an_admin_list_reads_the_networks_version_once(client_as, counting, settings):
    settings.ADMIN_COUNT_CACHE_SECONDS = 120
    staff = client_as("mu_staff")
    url = reverse("admin:hubs_activity_changelist")
    staff.get(url)
    counting.reads.clear()

    page = staff.get(url, {"q": "exchange"})  # a count, the dates, the menu: one version

    assert page.status_code == 200
    assert counting.reads.get(page_cache.VERSION_KEY) == 1
