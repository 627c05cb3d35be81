"""City spotlights and the hub page: a listed member's public profile shows the public
activities it took part in and its working groups; a hub's public page shows the
published public good practices of its cities and its own. Nothing restricted, draft,
private or cancelled ever shows, and an unlisted city has no profile at all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hubs.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


def held_activity(title, **fields):
    starts = timezone.now() - datetime.timedelta(days=40)
    values = {
        "title": title,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6),
        "status": "held",
    }
    return factories.ActivityFactory(**{**values, **fields})


def took_part(activity, city, *, official=None, **fields):
    official = official or factories.make_official(city)
    return Registration.objects.create(
        activity=activity,
        user=official,
        local_government=city,
        status=fields.pop("status", Registration.Status.REGISTERED),
        **fields,
    )


def profile_of(client, city) -> str:
    response = client.get(reverse("members:city", kwargs={"code": city.code}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_city_profile_shows_the_public_activities_its_officials_attended(client, rabat, oslo):
    took_part(held_activity("Rabat youth forum"), rabat, attended=True)
    took_part(held_activity("Prevention training in Tunis"), rabat)  # attendance not taken
    # What the public never reads on Rabat's profile:
    took_part(held_activity("Closed-door mayors' briefing", visibility="members"), rabat)
    took_part(held_activity("Cancelled exchange", status="cancelled"), rabat)
    took_part(held_activity("Only planned", status="planned"), rabat)
    took_part(held_activity("Missed it"), rabat, attended=False)
    took_part(held_activity("On the wait-list"), rabat, status=Registration.Status.WAITING)
    took_part(factories.ActivityFactory(title="Next month's workshop"), rabat)
    took_part(held_activity("Oslo's own workshop"), oslo)

    page = profile_of(client, rabat)

    assert "Activities it took part in" in page
    assert "Rabat youth forum" in page and "Prevention training in Tunis" in page
    for hidden in (
        "Closed-door mayors",
        "Cancelled exchange",
        "Only planned",
        "Missed it",
        "On the wait-list",
        "Next month&#x27;s workshop",
        "Oslo&#x27;s own workshop",
    ):
        assert hidden not in page
    assert "Rabat youth forum" not in profile_of(client, oslo)


def test_a_city_profile_shows_its_working_groups_but_not_a_closed_one(client, rabat):
    from governance.models import WorkingGroupMembership

    person = factories.PersonFactory()
    for topic, status, membership in (
        ("Online harms", "active", "accepted"),
        ("Old topic", "closed", "accepted"),
        ("Asked to join", "active", "requested"),
    ):
        group = factories.WorkingGroupFactory(topic=topic, status=status)
        WorkingGroupMembership.objects.create(
            group=group, person=person, local_government=rabat, status=membership
        )
    page = profile_of(client, rabat)
    assert "Online harms" in page
    assert "Old topic" not in page and "Asked to join" not in page


def test_an_unlisted_city_has_no_profile_and_shows_nothing(client, rabat):
    took_part(held_activity("Rabat youth forum"), rabat)
    factories.make_resource(
        kind="good_practice", title="Youth councils", author_city=rabat, author_kind="city"
    )
    rabat.publicly_listed = False
    rabat.save(update_fields=["publicly_listed"])
    response = client.get(reverse("members:city", kwargs={"code": rabat.code}))
    assert response.status_code == 404
    assert "Rabat youth forum" not in response.content.decode()


def test_a_city_without_activities_shows_no_empty_section(client, oslo):
    assert "Activities it took part in" not in profile_of(client, oslo)


def test_the_city_profile_costs_the_same_queries_with_many_activities(
    client, rabat, django_assert_max_num_queries
):
    official = factories.make_official(rabat)
    took_part(held_activity("First"), rabat, official=official)
    with django_assert_max_num_queries(40) as few:
        profile_of(client, rabat)
    for n in range(12):
        activity = held_activity(f"Workshop {n}")
        took_part(activity, rabat, official=official)
        took_part(activity, rabat)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = profile_of(client, rabat)
    assert page.count("Workshop ") == 10  # the ten latest


# --- The hub page ---------------------------------------------------------------------


def hub_page(client, hub) -> str:
    response = client.get(reverse("hubs:hub", args=[hub.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_hub_page_shows_public_good_practices_of_its_cities_and_its_own(
    client, mena_hub, rabat, oslo, balkans_hub
):
    practice = {"kind": "good_practice"}
    factories.make_resource(
        title="Rabat youth councils", author_kind="city", author_city=rabat, **practice
    )
    factories.make_resource(
        title="Hub peer exchange", author_kind="hub", author_hub=mena_hub, **practice
    )
    # Not for the MENA hub's page:
    factories.make_resource(
        title="Members-only practice",
        author_kind="city",
        author_city=rabat,
        visibility="members",
        **practice,
    )
    factories.make_resource(
        title="Draft practice", author_kind="city", author_city=rabat, status="draft", **practice
    )
    factories.make_resource(
        title="Staff-only practice",
        author_kind="hub",
        author_hub=mena_hub,
        visibility="staff",
        **practice,
    )
    factories.make_resource(
        title="Rabat local policy", author_kind="city", author_city=rabat, kind="policy"
    )
    factories.make_resource(title="Oslo practice", author_kind="city", author_city=oslo, **practice)

    page = hub_page(client, mena_hub)

    assert "Good practices" in page
    assert "Rabat youth councils" in page and "Hub peer exchange" in page
    for hidden in (
        "Members-only",
        "Draft practice",
        "Staff-only",
        "Rabat local policy",
        "Oslo practice",
    ):
        assert hidden not in page
    other = hub_page(client, balkans_hub)
    assert "Oslo practice" in other and "Rabat youth councils" not in other


def test_a_hub_without_good_practices_shows_no_empty_section(client, mena_hub):
    assert "Good practices" not in hub_page(client, mena_hub)


def test_the_hub_page_costs_the_same_queries_with_many_practices(
    client, mena_hub, rabat, django_assert_max_num_queries
):
    factories.make_resource(kind="good_practice", author_kind="city", author_city=rabat)
    with django_assert_max_num_queries(40) as few:
        hub_page(client, mena_hub)
    for n in range(12):
        city = factories.MembershipFactory(
            local_government__country="MA", local_government__region=rabat.region
        ).local_government
        factories.make_resource(
            kind="good_practice", author_kind="city", author_city=city, title=f"Practice {n}"
        )
        factories.make_resource(kind="good_practice", author_kind="hub", author_hub=mena_hub)
    with django_assert_max_num_queries(len(few.captured_queries)):
        hub_page(client, mena_hub)
