"""The hubs' measures on a small hand-built dataset whose answers are known: activities
held and their participants per strategic priority (by gender where recorded), the cities
engaged, youth-engagement activities and help-desk requests answered within the target;
each figure opens exactly its records."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs.models import Activity, HelpRequest, Registration
from scn_portal.mel.models import Indicator, Snapshot
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import get_measure
from scn_portal.mel.services import take_snapshots
from tests import factories

pytestmark = pytest.mark.django_db
R = Registration.Status


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def activity(title, day, region, priorities, status=Activity.Status.HELD):
    row = factories.ActivityFactory(
        title=title,
        starts_at=at(day),
        ends_at=at(day, 17),
        region=region,
        status=status,
    )
    row.priorities.set(priorities)
    return row


def seat(activity, name, city, *, gender=None, status=R.REGISTERED, attended=None):
    user = factories.UserFactory(full_name=name)
    if gender:
        factories.PersonFactory(user=user, full_name=name, gender=gender)
    return Registration.objects.create(
        activity=activity, user=user, local_government=city, status=status, attended=attended
    )


@pytest.fixture
def convened():
    """2025: the Rabat workshop (MENA, youth) seats Amina (woman, Rabat, attended), Karim
    (man, Rabat, attendance not taken) and Sara (woman, Oslo, marked absent), and Ola
    (Oslo) cancelled; the Oslo exchange (Europe, city-to-city and youth) seats Lars (man,
    Oslo) and wait-lists Nora (Lyon). A cancelled workshop, one not held yet, and one held
    in December 2024 (Lars again) do not count for 2025."""
    mena = factories.RegionFactory(code="mena", name="MENA")
    europe = factories.RegionFactory(code="europe", name="Europe")
    youth = factories.StrategicPriorityFactory(code="city-youth", number=4)
    exchange = factories.StrategicPriorityFactory(code="city-to-city", number=1)
    rabat = factories.LocalGovernmentFactory(name="Rabat", region=mena)
    oslo = factories.LocalGovernmentFactory(name="Oslo", region=europe)
    lyon = factories.LocalGovernmentFactory(name="Lyon", region=europe)

    workshop = activity("Rabat workshop", datetime.date(2025, 3, 10), mena, [youth])
    seat(workshop, "Amina", rabat, gender="woman", attended=True)
    seat(workshop, "Karim", rabat, gender="man")
    seat(workshop, "Sara", oslo, gender="woman", attended=False)
    seat(workshop, "Ola", oslo, status=R.CANCELLED)
    oslo_exchange = activity("Oslo exchange", datetime.date(2025, 6, 1), europe, [exchange, youth])
    seat(oslo_exchange, "Lars", oslo, gender="man", attended=True)
    seat(oslo_exchange, "Nora", lyon, gender="woman", status=R.WAITING)
    activity("Cancelled", datetime.date(2025, 4, 1), mena, [youth], Activity.Status.CANCELLED)
    activity("Later", datetime.date(2025, 11, 1), europe, [youth], Activity.Status.OPEN)
    december = activity("December", datetime.date(2024, 12, 20), europe, [exchange])
    seat(december, "Lars 2024", oslo, gender="man", attended=True)
    return {
        "mena": mena,
        "europe": europe,
        "youth": youth,
        "exchange": exchange,
        "rabat": rabat,
        "oslo": oslo,
    }


def records(key, period, filters=None):
    return get_measure(key).records(Period.parse(period), filters or {})


def value(key, period, filters=None):
    return get_measure(key).compute(Period.parse(period), filters or {})[0]


def titles(key, period, filters=None):
    return sorted(a.title for a in records(key, period, filters))


def test_activities_held_per_priority_and_region(convened):
    assert titles("hubs.activities_held", "2025") == ["Oslo exchange", "Rabat workshop"]
    assert titles("hubs.activities_held", "2025", {"priority": convened["exchange"].pk}) == [
        "Oslo exchange"
    ]
    assert value("hubs.activities_held", "2025", {"priority": convened["youth"].pk}) == 2
    mena = {"regions": frozenset({convened["mena"].pk})}
    assert titles("hubs.activities_held", "2025", mena) == ["Rabat workshop"]
    assert titles("hubs.activities_held", "2024") == ["December"]


def test_participants_are_the_seated_not_marked_absent_split_by_gender(convened):
    names = sorted(r.user.full_name for r in records("hubs.participants", "2025"))
    assert names == ["Amina", "Karim", "Lars"]
    assert value("hubs.participants", "2025", {"gender": "woman"}) == 1
    assert value("hubs.participants", "2025", {"gender": "man"}) == 2
    assert value("hubs.participants", "2025", {"gender": "other"}) == 0
    assert value("hubs.participants", "2025", {"priority": convened["exchange"].pk}) == 1
    mena = {"regions": frozenset({convened["mena"].pk})}
    assert value("hubs.participants", "2025", mena) == 2  # Rabat's two
    assert value("hubs.participants", "2024") == 1


def test_cities_engaged_in_at_least_one_activity_per_priority(convened):
    assert sorted(c.name for c in records("hubs.cities_engaged", "2025")) == ["Oslo", "Rabat"]
    exchange = {"priority": convened["exchange"].pk}
    assert [c.name for c in records("hubs.cities_engaged", "2025", exchange)] == ["Oslo"]
    europe = {"regions": frozenset({convened["europe"].pk})}
    assert [c.name for c in records("hubs.cities_engaged", "2025", europe)] == ["Oslo"]


def test_youth_engagement_activities_held(convened):
    assert titles("hubs.youth_activities", "2025") == ["Oslo exchange", "Rabat workshop"]
    assert titles("hubs.youth_activities", "2025-Q1") == ["Rabat workshop"]
    assert titles("hubs.youth_activities", "2024") == []


@pytest.fixture
def help_desk():
    """2025: Rabat's request answered in time; Oslo's answered late, and one not answered.
    A request of December 2024 answered in time belongs to 2024."""
    mena = factories.RegionFactory(code="mena", name="MENA")
    europe = factories.RegionFactory(code="europe", name="Europe")
    rabat = factories.LocalGovernmentFactory(name="Rabat", region=mena)
    oslo = factories.LocalGovernmentFactory(name="Oslo", region=europe)

    def ask(subject, city, day, answered_after_days):
        asked = at(day)
        row = HelpRequest.objects.create(
            local_government=city,
            category=HelpRequest.Category.YOUTH,
            subject=subject,
            first_response_due=asked + datetime.timedelta(days=2),
        )
        answered = (
            asked + datetime.timedelta(days=answered_after_days)
            if answered_after_days is not None
            else None
        )
        HelpRequest.objects.filter(pk=row.pk).update(created_at=asked, first_response_at=answered)

    ask("Youth council", rabat, datetime.date(2025, 2, 1), 1)
    ask("Late answer", oslo, datetime.date(2025, 2, 5), 4)
    ask("No answer", oslo, datetime.date(2025, 5, 1), None)
    ask("Last year", rabat, datetime.date(2024, 12, 30), 1)
    return {"mena": mena, "europe": europe}


def test_help_desk_requests_answered_within_the_target(help_desk):
    assert [r.subject for r in records("hubs.help_requests_in_time", "2025")] == ["Youth council"]
    assert str(value("hubs.help_requests_in_time_share", "2025")) == "33.33"
    mena = {"regions": frozenset({help_desk["mena"].pk})}
    europe = {"regions": frozenset({help_desk["europe"].pk})}
    assert str(value("hubs.help_requests_in_time_share", "2025", mena)) == "100.00"
    assert value("hubs.help_requests_in_time_share", "2025", europe) == 0
    assert value("hubs.help_requests_in_time", "2024") == 1
    assert value("hubs.help_requests_in_time_share", "2023") == 0  # nothing asked


def test_an_indicator_of_a_priority_counts_its_activities_and_opens_them(convened, client_as):
    indicator = Indicator.objects.create(
        code="exchanges-held",
        name="City-to-city exchanges held",
        priority=convened["exchange"],
        measure="hubs.activities_held",
        disaggregations=["region", "gender"],
    )
    take_snapshots(period=Period(2025), indicators=[indicator])
    snapshot = Snapshot.objects.get(indicator=indicator, period="2025", disaggregation="")
    assert snapshot.value == 1

    page = client_as("mu_staff").get(reverse("mel:records", args=[snapshot.pk]))
    assert [row["label"] for row in page.context["rows"]] == [
        str(Activity.objects.get(title="Oslo exchange"))
    ]


def test_participants_by_gender_are_snapshotted_per_gender(convened):
    indicator = Indicator.objects.create(
        code="participants",
        name="Participants",
        measure="hubs.participants",
        disaggregations=["gender"],
    )
    take_snapshots(period=Period(2025), indicators=[indicator])
    by_split = dict(
        Snapshot.objects.filter(indicator=indicator).values_list("disaggregation", "value")
    )
    assert by_split[""] == 3
    assert by_split["gender:woman"] == 1
    assert by_split["gender:man"] == 2
