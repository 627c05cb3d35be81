"""A city's page keeps what is in force for every city (the principle versions, the
disputed territories) between requests, and shows a change of either at the next request:
a new territory, a version that comes into force, a territory taken off the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from members import in_force
from members.models import DisputedTerritory, LocalGovernment, PrincipleVersion
from tests import factories
from tests.members.test_portal_city import url

NOT_COMMITTED = escape("It has not committed to the current guiding principles.")


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.IN_FORCE_CACHE_SECONDS = 300
    in_force._kept.clear()
    yield
    in_force._kept.clear()


@pytest.fixture
def committed_rabat(rabat):
    """A member committed to the version in force, recorded in the subdivision MA-04."""
    LocalGovernment.objects.filter(pk=rabat.pk).update(subdivision="MA-04")
    version = PrincipleVersion.objects.create(label="2019", effective_on=datetime.date(2019, 1, 1))
    factories.CommitmentFactory(local_government=rabat, version=version)
    return rabat


def visit(client, city) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("city_portal", code=city.code))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_the_second_visit_reads_neither_the_versions_nor_the_territories(
    client_as, committed_rabat
):
    client = client_as("official_of_rabat")
    _first, first_reads = visit(client, committed_rabat)
    second, second_reads = visit(client, committed_rabat)
    assert "Today the city may hold every member benefit" in second
    # The version in force, the one before it and the territories.
    assert second_reads == first_reads - 3


def test_a_territory_listed_counts_at_the_next_visit(client_as, committed_rabat):
    client = client_as("official_of_rabat")
    before, _reads = visit(client, committed_rabat)
    assert "Today the city may hold every member benefit" in before
    factories.DisputedTerritoryFactory(name="Listed today", subdivision_codes=["MA-04"])
    after, _reads = visit(client, committed_rabat)
    assert "Today the city cannot hold member benefits" in after
    assert "Listed today" in after


def test_a_territory_taken_off_the_list_counts_at_the_next_visit(client_as, committed_rabat):
    client = client_as("official_of_rabat")
    territory = factories.DisputedTerritoryFactory(name="Listed once", subdivision_codes=["MA-04"])
    assert "Listed once" in visit(client, committed_rabat)[0]
    territory.is_active = False
    territory.save()
    assert "Listed once" not in visit(client, committed_rabat)[0]
    territory.is_active = True
    territory.save()
    assert "Listed once" in visit(client, committed_rabat)[0]
    DisputedTerritory.objects.get(pk=territory.pk).delete()
    assert "Today the city may hold every member benefit" in visit(client, committed_rabat)[0]


def test_a_version_that_comes_into_force_counts_at_the_next_visit(client_as, committed_rabat):
    client = client_as("official_of_rabat")
    assert NOT_COMMITTED not in visit(client, committed_rabat)[0]
    # In force since long before its grace period: a commitment to 2019 no longer serves.
    PrincipleVersion.objects.create(
        label="2025", effective_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    page, _reads = visit(client, committed_rabat)
    assert NOT_COMMITTED in page
    assert "Version 2025 of the guiding principles is in force" in page


def test_a_change_past_the_signals_counts_once_the_kept_seconds_are_over(
    client_as, committed_rabat, monkeypatch
):
    client = client_as("official_of_rabat")
    territory = factories.DisputedTerritoryFactory(
        name="Changed in a shell", subdivision_codes=["NO-03"]
    )
    visit(client, committed_rabat)
    DisputedTerritory.objects.filter(pk=territory.pk).update(
        subdivision_codes=["MA-04"]
    )  # no signal
    assert "Changed in a shell" not in visit(client, committed_rabat)[0]
    later = in_force.time.monotonic() + 301
    monkeypatch.setattr(in_force.time, "monotonic", lambda: later)
    assert "Changed in a shell" in visit(client, committed_rabat)[0]


def test_each_day_reads_what_is_in_force_on_that_day(committed_rabat):
    today = timezone.localdate()
    PrincipleVersion.objects.create(label="Next", effective_on=today + datetime.timedelta(days=1))
    assert in_force.in_force(today).current.label == "2019"
    tomorrow = in_force.in_force(today + datetime.timedelta(days=1))
    assert tomorrow.current.label == "Next" and tomorrow.previous.label == "2019"
