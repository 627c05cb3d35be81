"""Schemathesis walks the public API's own OpenAPI schema: every endpoint, with generated
parameters (filters, pages, languages, codes, years), answers without a server error and as its
schema says."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests import factories


@pytest.fixture
def api_schema(db, monkeypatch, rabat, isc_member, mena_hub):
    from rest_framework.throttling import AnonRateThrottle

    # Generated requests come fast: no throttling here (tests/resources/test_api.py has it).
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)
    factories.make_resource(title="Youth councils", languages=["ar", "fr"])
    factories.make_resource(title="Staff note", visibility="staff")
    factories.ActivityFactory(organiser="hub", hub=mena_hub, region=rabat.region)
    factories.ActivityFactory(title="Members only", visibility="members")
    factories.make_contribution(factories.DonorFactory(naming="anonymous"), amount="10.00")
    factories.make_contribution(factories.DonorFactory(), kind="in_kind", amount="5.00")
    # As Django's test client does: the test's transaction outlives each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_endpoint_answers_as_its_schema_says(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            # A code or a filter value the schema allows may still name nothing (404) or
            # be refused with its reason (400): documented, never a server error.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        call()
