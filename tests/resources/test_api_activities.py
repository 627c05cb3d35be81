"""``/api/v1/activities/``: the upcoming public activities of the calendar, with exactly
the listed fields — never a members-only, planned, cancelled or past activity, never the
online link, never who registered."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("api:activity-list")
ACTIVITY_FIELDS = {
    "code",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "online",
    "region",
    "organiser",
    "priorities",
    "audience",
    "status",
    "languages",
    "translations",
    "url",
}


@pytest.fixture
def api():
    return Client()


def detail(activity) -> str:
    return reverse("api:activity-detail", kwargs={"code": activity.code})


@pytest.fixture
def calendar(rabat):
    shown = factories.ActivityFactory(
        title="Rabat workshop",
        region=rabat.region,
        online_link="https://meet.example.org/secret-room",
        place="",
    )
    hidden = [
        factories.ActivityFactory(title="Members-only briefing", visibility="members"),
        factories.ActivityFactory(title="Still being planned", status="planned"),
        factories.ActivityFactory(title="Called off", status="cancelled"),
        factories.ActivityFactory(
            title="Last year's training",
            starts_at=timezone.now() - datetime.timedelta(days=400),
            ends_at=timezone.now() - datetime.timedelta(days=399),
            status="held",
        ),
    ]
    return {"shown": shown, "hidden": hidden}


def test_only_upcoming_public_activities_appear_with_the_listed_fields(api, calendar):
    body = api.get(LIST).json()
    assert [a["title"] for a in body["results"]] == ["Rabat workshop"]
    assert set(body["results"][0]) == ACTIVITY_FIELDS
    assert set(body["results"][0]["organiser"]) == {"kind", "name", "hub"}
    assert set(body["results"][0]["region"]) == {"code", "name"}
    for activity in calendar["hidden"]:
        assert api.get(detail(activity)).status_code == 404
        assert activity.title not in api.get(LIST).content.decode()
    assert api.get(detail(calendar["shown"])).json()["title"] == "Rabat workshop"


def test_an_online_activity_says_so_but_never_gives_its_link_or_who_registered(
    api, calendar, official_of_rabat
):
    activity = calendar["shown"]
    factories.make_registration(activity, official_of_rabat, dietary_needs="No nuts")
    answer = api.get(detail(activity))
    text = answer.content.decode()
    assert answer.json()["online"] is True and answer.json()["place"] == ""
    for private in (
        "secret-room",
        official_of_rabat.email,
        "No nuts",
        "capacity",
        "registrations",
        "created_by",
        "online_link",
    ):
        assert private not in text


def test_times_are_given_where_the_activity_is_set_with_its_offset(api):
    starts = datetime.datetime(2030, 5, 6, 1, 0, tzinfo=datetime.UTC)
    activity = factories.ActivityFactory(
        time_zone="Asia/Tokyo", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    answer = api.get(detail(activity)).json()
    assert answer["starts_at"] == "2030-05-06T10:00:00+09:00"
    assert answer["ends_at"] == "2030-05-06T13:00:00+09:00"
    assert answer["time_zone"] == "Asia/Tokyo"


def test_the_organising_hub_and_the_priorities_are_named(api, mena_hub):
    priority = factories.StrategicPriorityFactory()
    activity = factories.ActivityFactory(organiser="hub", hub=mena_hub)
    activity.priorities.add(priority)
    central = factories.ActivityFactory(organiser="central")
    answer = api.get(detail(activity)).json()
    assert answer["organiser"] == {
        "kind": "hub",
        "name": "Middle East and North Africa hub",
        "hub": "mena",
    }
    assert answer["priorities"] == [priority.code]
    assert api.get(detail(central)).json()["organiser"] == {
        "kind": "central",
        "name": "Strong Cities Network",
        "hub": None,
    }


def test_an_activity_comes_in_the_language_asked_with_every_translation(api):
    activity = factories.ActivityFactory(
        title_en="Youth councils workshop",
        title_ar="ورشة مجالس الشباب",
        title_fr="Atelier des conseils de jeunes",
        description_en="Two days in Rabat.",
        description_fr="Deux jours à Rabat.",
    )
    assert api.get(detail(activity) + "?lang=ar").json()["title"] == "ورشة مجالس الشباب"
    french = api.get(detail(activity), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["title"] == "Atelier des conseils de jeunes"
    assert french["description"] == "Deux jours à Rabat."
    # Spanish is missing: the English text, and null among the translations.
    spanish = api.get(detail(activity) + "?lang=es").json()
    assert spanish["title"] == "Youth councils workshop"
    assert spanish["translations"]["es"] == {"title": None, "description": None}
    assert spanish["translations"]["ar"]["title"] == "ورشة مجالس الشباب"
    malformed = api.get(detail(activity), HTTP_ACCEPT_LANGUAGE=";;q=x,,@@")
    assert malformed.status_code == 200 and malformed.json()["title"] == "Youth councils workshop"


def test_the_calendar_filters_apply(api, rabat, oslo):
    priority = factories.StrategicPriorityFactory()
    workshop = factories.ActivityFactory(title="Rabat workshop", region=rabat.region)
    workshop.priorities.add(priority)
    factories.ActivityFactory(title="Oslo webinar", kind="webinar", region=oslo.region)

    def titles(query: str) -> list[str]:
        return [a["title"] for a in api.get(LIST + "?" + query).json()["results"]]

    assert titles(f"region={rabat.region.code}") == ["Rabat workshop"]
    assert titles("kind=webinar") == ["Oslo webinar"]
    assert titles(f"priority={priority.code}") == ["Rabat workshop"]
    assert sorted(titles("")) == ["Oslo webinar", "Rabat workshop"]


@pytest.mark.parametrize(
    "query", ["kind=unknown", "region=nowhere", "priority=x", "page=999", "page=-1", "lang=xx"]
)
def test_bad_input_is_a_clear_answer_never_a_server_error(api, query):
    factories.ActivityFactory()
    response = api.get(LIST + "?" + query)
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")


def test_a_guessed_code_is_404(api):
    assert api.get(reverse("api:activity-detail", kwargs={"code": uuid.uuid4()})).status_code == 404


def test_the_list_costs_the_same_queries_whatever_its_size(
    api, mena_hub, rabat, django_assert_max_num_queries
):
    priority = factories.StrategicPriorityFactory()

    def make(count):
        for _ in range(count):
            activity = factories.ActivityFactory(organiser="hub", hub=mena_hub, region=rabat.region)
            activity.priorities.add(priority)

    make(3)
    with django_assert_max_num_queries(20) as few:
        assert len(api.get(LIST).json()["results"]) == 3
    make(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(LIST).json()["results"]) == 28


def test_the_schema_describes_the_activities(api):
    paths = api.get(reverse("api:schema") + "?format=json").json()["paths"]
    assert "/api/v1/activities/" in paths and "/api/v1/activities/{code}/" in paths
