"""The public calendar of activities: upcoming public ones, filtered by region, kind and
priority, with a calendar feed of the filtered view; each page carries schema.org data."""

import datetime
import json
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

CALENDAR = reverse("activities:calendar")
FEED = reverse("activities:calendar_feed")


@pytest.fixture
def calendar(rabat, oslo):
    priority = factories.StrategicPriorityFactory()
    workshop = factories.ActivityFactory(title="Rabat workshop", region=rabat.region)
    workshop.priorities.add(priority)
    webinar = factories.ActivityFactory(title="Oslo webinar", kind="webinar", region=oslo.region)
    factories.ActivityFactory(title="Members-only briefing", visibility="members")
    factories.ActivityFactory(title="Still being planned", status="planned")
    factories.ActivityFactory(title="Called off", status="cancelled")
    factories.ActivityFactory(
        title="Last year's training",
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=399),
        status="held",
    )
    return {"workshop": workshop, "webinar": webinar, "priority": priority, "rabat": rabat}


def titles(response) -> list[str]:
    return re.findall(r'<h3>\s*<a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_the_calendar_lists_upcoming_public_activities_only(client, calendar):
    assert titles(client.get(CALENDAR)) == ["Rabat workshop", "Oslo webinar"]


def test_the_calendar_filters_by_region_kind_and_priority(client, calendar):
    region = calendar["rabat"].region.code
    assert titles(client.get(CALENDAR, {"region": region})) == ["Rabat workshop"]
    assert titles(client.get(CALENDAR, {"kind": "webinar"})) == ["Oslo webinar"]
    priority = calendar["priority"].code
    assert titles(client.get(CALENDAR, {"priority": priority})) == ["Rabat workshop"]


def test_an_unknown_filter_value_is_a_clear_message_not_an_error(client, calendar):
    response = client.get(CALENDAR, {"kind": "party", "region": "atlantis"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_feed_follows_the_filters(client, calendar):
    page = client.get(CALENDAR, {"kind": "webinar"}).content.decode()
    assert f"{FEED}?kind=webinar" in page
    feed = client.get(FEED, {"kind": "webinar"})
    assert feed["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Oslo webinar"]


def test_the_feed_is_in_the_visitors_language(client, calendar):
    calendar["webinar"].title_ar = "ندوة أوسلو"
    calendar["webinar"].save(update_fields=["title_ar"])
    feed = client.get("/ar" + FEED[3:], {"kind": "webinar"})
    [event] = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "ندوة أوسلو"


def test_a_public_activity_page_carries_schema_org_event_data(client, calendar):
    workshop = calendar["workshop"]
    page = client.get(reverse("activities:activity_detail", kwargs={"code": workshop.code}))
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page.content.decode(), re.S
    )
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Rabat workshop"
    assert data["startDate"] == workshop.starts_at.isoformat()
    assert data["location"]["name"] == "Rabat"


def test_the_calendar_costs_the_same_queries_for_many_activities(
    client, calendar, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        client.get(CALENDAR)
    for n in range(30):
        activity = factories.ActivityFactory(title=f"Workshop {n}", region=calendar["rabat"].region)
        activity.priorities.add(calendar["priority"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(titles(client.get(CALENDAR))) == 32
