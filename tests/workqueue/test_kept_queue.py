"""The staff work queue is kept per person for a few seconds: a second visit counts
nothing, the page says when it was counted, "Count again" counts now, and what the person
changes themselves, or a change of their hubs, shows at once."""

import datetime
import re
import time
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubs.models import HubStaff
from hubs.services import helpdesk
from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP
from tests import factories

from .test_work_queue import QUEUE, application, line_text, lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.WORKQUEUE_CACHE_SECONDS = 30


@pytest.fixture(autouse=True)
def _follow_up_at_once(monkeypatch):
    """The test's transaction never commits: the help desk's follow-up runs at once."""
    monkeypatch.setattr(helpdesk.transaction, "on_commit", lambda callback, **kw: callback())


def counts_asked(client, url=QUEUE) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    counting = [q for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    return len(counting), response.content.decode()


def applications_waiting(html: str) -> str:
    sections = re.findall(r'<section class="card work-line"[^>]*>(.*?)</section>', html, re.S)
    return " ".join(s for s in sections if "Applications waiting" in s)


def test_a_second_visit_counts_nothing_and_says_when_it_was_counted(client_as, rabat):
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=3)
    client = client_as("mu_staff")

    first, html = counts_asked(client)
    again, kept_html = counts_asked(client)

    assert first == 1 and again == 0
    assert applications_waiting(kept_html) == applications_waiting(html)
    assert "Tangier" in applications_waiting(kept_html)
    assert "counted at" in kept_html and 'href="?fresh=1"' in kept_html


def test_what_others_change_shows_on_count_again_or_once_the_seconds_pass(
    client_as, rabat, settings
):
    client = client_as("mu_staff")
    counts_asked(client)
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=1)

    assert "Tangier" not in counts_asked(client)[1]  # kept, counted before
    asked, html = counts_asked(client, QUEUE + "?fresh=1")
    assert asked == 1 and "Tangier" in applications_waiting(html)

    settings.WORKQUEUE_CACHE_SECONDS = 1
    counts_asked(client, QUEUE + "?fresh=1")  # kept for one second from now
    application(factories.LocalGovernmentFactory(name="Fez", region=rabat.region), days=1)
    assert "Fez" not in counts_asked(client)[1]
    time.sleep(1.2)
    assert "Fez" in applications_waiting(counts_asked(client)[1])


def test_what_a_person_sends_shows_in_their_own_queue_at_once(
    client_as, rabat, official_of_rabat, hub_staff_mena
):
    asked = helpdesk.ask_help_desk(
        city=rabat,
        actor=official_of_rabat,
        category="youth",
        subject="A youth council",
        body="How do we start a youth council?",
    )
    staff = client_as("hub_staff_mena")
    assert "A youth council" in line_text(staff.get(QUEUE), "Help-desk requests")

    reply = staff.post(
        reverse("hubs:staff_help_request", args=[asked.code]),
        {"action": "reply", "body": "Start with the youth centre."},
    )

    assert reply.status_code == 302
    after = staff.get(QUEUE)
    assert not any(title.startswith("Help-desk requests") for title in lines(after))


def test_someone_elses_form_does_not_recount_my_queue(
    client_as, rabat, official_of_rabat, hub_staff_mena
):
    staff = client_as("hub_staff_mena")
    counts_asked(staff)
    official = client_as("official_of_rabat")
    official.post(
        reverse("hubs:city_help_desk", args=[rabat.code]),
        {"category": "youth", "subject": "A youth council", "body": "How do we start?"},
    )

    kept_count, html = counts_asked(staff)
    assert kept_count == 0 and "A youth council" not in html
    assert "A youth council" in counts_asked(staff, QUEUE + "?fresh=1")[1]


def test_each_person_sees_their_own_queue(client_as, rabat, oslo, hub_staff_mena):
    application(factories.LocalGovernmentFactory(name="Bergen", region=oslo.region), days=4)
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=4)

    everything = applications_waiting(counts_asked(client_as("mu_staff"))[1])
    asked, mena = counts_asked(client_as("hub_staff_mena"))

    assert "Bergen" in everything and "Tangier" in everything
    assert asked == 1 and "Tangier" in mena and "Bergen" not in applications_waiting(mena)


def test_moving_to_another_hub_shows_its_cities_at_once(
    client_as, rabat, hub_staff_mena, balkans_hub
):
    sarajevo = factories.LocalGovernmentFactory(
        name="Sarajevo", country="BA", region=balkans_hub.regions.first()
    )
    application(sarajevo, days=5)
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=5)
    staff = client_as("hub_staff_mena")
    assert "Tangier" in applications_waiting(counts_asked(staff)[1])

    HubStaff.objects.filter(user=hub_staff_mena).update(hub=balkans_hub)  # no signal
    assert "Tangier" in applications_waiting(counts_asked(staff)[1])  # kept
    assignment = HubStaff.objects.get(user=hub_staff_mena)
    assignment.save()  # as the admin and the services save it

    asked, html = counts_asked(staff)
    assert asked == 1
    assert "Sarajevo" in applications_waiting(html) and "Tangier" not in html


def test_whoever_leaves_the_management_unit_loses_the_queue_at_once(client_as, mu_staff):
    client = client_as("mu_staff")
    assert client.get(QUEUE).status_code == 200
    mu_staff.groups.remove(Group.objects.get(name=MANAGEMENT_UNIT_GROUP))
    assert client.get(QUEUE).status_code == 404


def test_each_language_is_kept_apart(client_as, rabat):
    application(factories.LocalGovernmentFactory(name="Tangier", region=rabat.region), days=3)
    client = client_as("mu_staff")
    english = client.get(QUEUE).content.decode()
    french = client.get(QUEUE.replace("/en/", "/fr/")).content.decode()

    assert "Applications waiting for a decision" in english
    assert "Applications waiting for a decision" not in french
    assert "Tangier" in french


def test_a_new_day_is_counted_anew(client_as, rabat, settings):
    settings.TIME_ZONE = "Africa/Casablanca"
    zone = zoneinfo.ZoneInfo("Africa/Casablanca")
    evening = datetime.datetime(2026, 3, 10, 23, 59, 50, tzinfo=zone)
    with time_machine.travel(evening, tick=False):
        city = factories.LocalGovernmentFactory(name="Tangier", region=rabat.region)
        factories.make_application(city, submitted_at=evening - datetime.timedelta(days=2))
        client = client_as("mu_staff")
        assert "Waiting 2 days" in applications_waiting(counts_asked(client)[1])
    with time_machine.travel(evening + datetime.timedelta(seconds=15), tick=False):
        asked, html = counts_asked(client)
        assert timezone.localdate().day == 11
        assert asked == 1 and "Waiting 3 days" in applications_waiting(html)


def test_a_hub_given_another_region_shows_its_cities_at_once(
    client_as, rabat, oslo, mena_hub, hub_staff_mena
):
    application(factories.LocalGovernmentFactory(name="Bergen", region=oslo.region), days=6)
    staff = client_as("hub_staff_mena")
    assert "Bergen" not in counts_asked(staff)[1]

    mena_hub.regions.add(oslo.region)

    asked, html = counts_asked(staff)
    assert asked == 1 and "Bergen" in applications_waiting(html)
