"""A hub's public page lists the hub's upcoming public activities, and only those."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

HUB_PAGE = reverse("hubs:hub", args=["mena"])


def activity_titles(page: str) -> list[str]:
    section = re.search(
        r'<section aria-labelledby="hub-activities-title">(.*?)</section>', page, re.S
    )
    if section is None:
        return []
    return re.findall(r'<a href="/[^"]*/activities/[^"]+/">([^<]+)</a>', section.group(1))


@pytest.fixture
def mena_activities(mena_hub, balkans_hub):
    soon = timezone.now() + datetime.timedelta(days=5)
    factories.ActivityFactory(title="Tunis exchange", hub=mena_hub, organiser="hub")
    factories.ActivityFactory(
        title="Amman training",
        hub=mena_hub,
        organiser="hub",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=3),
    )
    factories.ActivityFactory(title="Closed-door briefing", hub=mena_hub, visibility="members")
    factories.ActivityFactory(title="Called-off webinar", hub=mena_hub, status="cancelled")
    factories.ActivityFactory(title="Still a draft", hub=mena_hub, status="planned")
    factories.ActivityFactory(
        title="Last year's summit",
        hub=mena_hub,
        status="held",
        starts_at=timezone.now() - datetime.timedelta(days=300),
        ends_at=timezone.now() - datetime.timedelta(days=299),
    )
    factories.ActivityFactory(title="Sarajevo workshop", hub=balkans_hub, organiser="hub")
    return mena_hub


def test_the_hub_page_lists_its_upcoming_public_activities_soonest_first(client, mena_activities):
    page = client.get(HUB_PAGE).content.decode()
    assert activity_titles(page) == ["Amman training", "Tunis exchange"]
    for hidden in ("Closed-door briefing", "Called-off webinar", "Still a draft", "Sarajevo"):
        assert hidden not in page


def test_a_hub_without_upcoming_public_activities_shows_no_such_section(client, mena_hub):
    factories.ActivityFactory(title="Closed-door briefing", hub=mena_hub, visibility="members")
    page = client.get(HUB_PAGE).content.decode()
    assert "hub-activities-title" not in page
    assert "Closed-door briefing" not in page


def test_the_section_is_translated(client, mena_activities):
    page = client.get("/ar" + HUB_PAGE[3:]).content.decode()
    assert "الأنشطة القادمة" in page
    assert activity_titles(page) == ["Amman training", "Tunis exchange"]


def test_the_hub_activities_panel_takes_one_query_whatever_their_number(
    client, mena_activities, django_assert_num_queries, django_assert_max_num_queries
):
    from hubs.panels import HubPage, _hub_activities

    with django_assert_num_queries(1):
        assert len(_hub_activities(HubPage(request=None, hub=mena_activities))["activities"]) == 2
    with django_assert_max_num_queries(12) as few:
        client.get(HUB_PAGE)
    for n in range(25):
        factories.ActivityFactory(title=f"Workshop {n}", hub=mena_activities, organiser="hub")
    with django_assert_num_queries(1):
        assert len(_hub_activities(HubPage(request=None, hub=mena_activities))["activities"]) == 10
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(activity_titles(client.get(HUB_PAGE).content.decode())) == 10
