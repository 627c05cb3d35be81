"""The hubs' lists cost the same number of queries whatever the number of rows: the
admin's activities, registrations and help-desk requests (for the Management Unit and for
hub staff, whose scope is read once), and the public calendar of activities, filtered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hubs.models import Registration
from hubs.services import helpdesk as services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_emails_after_commit(monkeypatch):
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback, **kw: None)


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    # The request's savepoints are not reads.
    return len([q for q in captured if "SAVEPOINT" not in q["sql"]])


def same_at_any_size(client, url, add, params=None, *, ceiling) -> None:
    add(3)
    client.get(url, params or {})  # what is cached per version is built once
    small = queries(client, url, params)
    add(30)
    client.get(url, params or {})
    large = queries(client, url, params)
    assert small == large
    assert large <= ceiling


@pytest.fixture
def world(rabat, mena_hub, hub_staff_mena, mu_staff, expert):
    priority = factories.StrategicPriorityFactory()
    made = {"n": 0}

    def add_activities(count):
        for _ in range(count):
            made["n"] += 1
            n = made["n"]
            activity = factories.ActivityFactory(
                title=f"Workshop {n}", organiser="hub", hub=mena_hub, region=rabat.region
            )
            activity.priorities.add(priority)
            official = factories.make_official(rabat, email=f"official{n}@rabat.example.org")
            factories.make_registration(activity, official)

    def add_requests(count):
        for _ in range(count):
            made["n"] += 1
            n = made["n"]
            official = factories.make_official(rabat, email=f"asker{n}@rabat.example.org")
            help_request = services.ask_help_desk(
                city=rabat, actor=official, category="youth", subject=f"Question {n}", body="?"
            )
            if n % 2:
                services.assign_help_request(
                    help_request=help_request, assignee=expert, actor=mu_staff
                )

    return {"activities": add_activities, "requests": add_requests, "priority": priority}


PERSONAS = ["mu_staff", "hub_staff_mena"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_activity_changelist(client_as, world, persona):
    same_at_any_size(
        client_as(persona),
        reverse("admin:hubs_activity_changelist"),
        world["activities"],
        ceiling=20,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_registrations_changelist(client_as, world, persona):
    same_at_any_size(
        client_as(persona),
        reverse("admin:hubs_registration_changelist"),
        world["activities"],
        {"status__exact": Registration.Status.REGISTERED},
        ceiling=20,
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("params", [{}, {"status__exact": "triaged", "first_answer": "waiting"}])
def test_the_help_desk_changelist(client_as, world, persona, params):
    same_at_any_size(
        client_as(persona),
        reverse("admin:hubs_helprequest_changelist"),
        world["requests"],
        params,
        ceiling=20,
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_calendar_filtered(client, world, rabat, language):
    params = {
        "region": rabat.region.code,
        "kind": "regional_workshop",
        "priority": world["priority"].code,
    }
    with translation.override(language):
        url = reverse("activities:calendar")
    same_at_any_size(client, url, world["activities"], params, ceiling=12)
    assert "Workshop 33" in client.get(url, params).content.decode()
