"""The registrations list stays usable with a quarter of a million rows: the latest
first, and an activity filter that offers the next activities to come and the one chosen
(not every activity ever held); a link from elsewhere still narrows the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs.admin.activities import ActivityListFilter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(rabat, mena_hub):
    now = timezone.now()
    past = [
        factories.ActivityFactory(
            title=f"Past exchange {n}",
            hub=mena_hub,
            organiser="hub",
            status="held",
            starts_at=now - datetime.timedelta(days=30 + n),
            ends_at=now - datetime.timedelta(days=30 + n, hours=-3),
        )
        for n in range(3)
    ]
    upcoming = [
        factories.ActivityFactory(
            title=f"Coming workshop {n:02d}",
            hub=mena_hub,
            organiser="hub",
            starts_at=now + datetime.timedelta(days=10 + n),
            ends_at=now + datetime.timedelta(days=10 + n, hours=3),
        )
        for n in range(ActivityListFilter.SHOWN + 2)
    ]
    official = factories.make_official(rabat, email="focal@rabat.example.org")
    first = factories.make_registration(upcoming[0], official)
    later = factories.make_registration(upcoming[1], official)
    return {"past": past, "upcoming": upcoming, "first": first, "later": later}


def changelist(client, **params):
    return client.get(reverse("admin:hubs_registration_changelist"), params)


def test_the_filter_offers_the_next_activities_not_every_one_held(client_as, history):
    html = changelist(client_as("mu_staff")).content.decode()
    shown = [a for a in history["upcoming"] if f">{a.title}<" in html]
    assert shown == history["upcoming"][: ActivityListFilter.SHOWN]
    assert "Past exchange" not in html


def test_a_link_to_a_past_activity_narrows_the_list_and_names_it(client_as, history):
    past = history["past"][0]
    response = changelist(client_as("mu_staff"), activity__id__exact=str(past.pk))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert f">{past.title}<" in response.content.decode()
    chosen = changelist(client_as("mu_staff"), activity__id__exact=str(history["upcoming"][0].pk))
    assert list(chosen.context["cl"].result_list) == [history["first"]]


def test_the_latest_registrations_come_first(client_as, history):
    rows = list(changelist(client_as("mu_staff")).context["cl"].result_list)
    assert rows == [history["later"], history["first"]]


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1 OR 1=1"])
def test_a_bad_activity_value_shows_nothing_and_never_fails(client_as, history, value):
    response = changelist(client_as("mu_staff"), activity__id__exact=value)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(response.context["cl"].result_list) == []


def test_hub_staff_are_offered_only_their_hubs_activities(client_as, history, balkans_hub):
    other = factories.ActivityFactory(
        title="Balkans coming workshop",
        hub=balkans_hub,
        organiser="hub",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=1, hours=3),
    )
    html = changelist(client_as("hub_staff_mena")).content.decode()
    assert "Coming workshop 00" in html
    assert other.title not in html
    # Choosing it by its id shows no row of it either.
    response = changelist(client_as("hub_staff_mena"), activity__id__exact=str(other.pk))
    assert other.title not in response.content.decode()
