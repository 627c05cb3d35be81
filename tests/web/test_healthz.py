"""/healthz, which the load balancer and compose poll: it must say what is down, and fast."""

import pytest
from django.db import OperationalError, connections
from django.test import Client

from tests.conftest import CLOSED_PORT_BROKER, celery_broker_down


@pytest.fixture
def broker_down(settings):
    """A broker URL on a port nobody listens on, for the settings and the Celery app alike."""
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    with celery_broker_down():
        yield


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_language_prefix_and_no_sign_in(client):
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_and_names_the_broker_when_it_is_down(client, broker_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


@pytest.mark.django_db
def test_healthz_recovers_when_the_broker_is_back_to_eager(client, broker_down, settings):
    assert client.get("/healthz").status_code == 503
    settings.CELERY_BROKER_URL = ""

    assert client.get("/healthz").status_code == 200


@pytest.fixture
def database_down(db):
    """Every new use of the default connection fails as when the server has gone away."""
    wrapper = connections["default"]

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    wrapper.ensure_connection = refuse
    yield
    del wrapper.ensure_connection


def test_healthz_answers_503_and_names_the_database_when_it_is_down(database_down, settings):
    settings.CELERY_BROKER_URL = ""

    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "broker": "eager"}
