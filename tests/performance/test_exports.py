"""The membership export at scale: streamed row by row, a fixed number of queries per
chunk, and a hub's staff export only their region."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.admin import memberships as membership_admin
from tests.members.test_admin_applications import csv_rows, export
from tests.performance.test_admin_lists import add_cities

pytestmark = pytest.mark.django_db


def exported(client):
    with CaptureQueriesContext(connection) as captured:
        response = export(client, "export_csv")
        rows = csv_rows(response)  # the rows are read while the response is consumed
    return response, rows, len(captured)


def test_the_csv_export_is_streamed_with_queries_per_chunk_not_per_row(
    client_as, mena_hub, monkeypatch
):
    monkeypatch.setattr(membership_admin, "EXPORT_CHUNK", 50)
    client = client_as("mu_staff")
    add_cities(10, 0, mena_hub.regions.get())
    _response, small_rows, small = exported(client)
    add_cities(30, 10, mena_hub.regions.get())
    response, rows, large = exported(client)

    assert response.streaming
    assert len(small_rows) == 11 and len(rows) == 41  # the header and every membership
    assert rows[0][0] == "City"
    assert small == large


def test_a_hubs_staff_exports_only_their_region(client_as, mena_hub, balkans_hub):
    add_cities(3, 0, mena_hub.regions.get())
    add_cities(2, 3, balkans_hub.regions.get())
    _response, rows, _queries = exported(client_as("hub_staff_other"))
    assert sorted(row[0] for row in rows[1:]) == ["Town 003", "Town 004"]
