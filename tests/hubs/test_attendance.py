"""Staff record attendance afterwards, in bulk from the registrations list: the selected
seats are marked attended or absent, a wait-list place is not, and hub staff touch only
their hub's registrations (another hub's are ignored)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hubs.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "admin:hubs_registration_changelist"


def begin(activity) -> None:
    """The activity began an hour ago (people registered while it was to come)."""
    starts = timezone.now() - datetime.timedelta(hours=1)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )


def record(client, action, registrations):
    return client.post(
        reverse(LIST), {"action": action, "_selected_action": [r.pk for r in registrations]}
    )


def test_staff_record_who_came_and_who_did_not_in_bulk(
    client_as, official_of_rabat, official_of_other_city, mu_staff
):
    activity = factories.ActivityFactory(capacity=2)
    came = factories.make_registration(activity, official_of_rabat)
    absent = factories.make_registration(activity, official_of_other_city)
    waiting = factories.make_registration(activity, factories.UserFactory())
    begin(activity)
    client = client_as("mu_staff")

    assert record(client, "mark_attended", [came, waiting]).status_code == 302
    assert record(client, "mark_absent", [absent]).status_code == 302

    for registration in (came, absent, waiting):
        registration.refresh_from_db()
    assert (came.attended, absent.attended, waiting.attended) == (True, False, None)


def test_hub_staff_cannot_record_another_hubs_attendance(
    client_as, mena_hub, balkans_hub, official_of_rabat
):
    theirs = factories.ActivityFactory(organiser="hub", hub=balkans_hub)
    registration = factories.make_registration(theirs, official_of_rabat)
    begin(theirs)
    record(client_as("hub_staff_mena"), "mark_attended", [registration])
    registration.refresh_from_db()
    assert registration.attended is None


@pytest.mark.parametrize("language", ["en", "ar"])
def test_attendance_of_an_activity_to_come_is_refused_and_nothing_is_recorded(
    client_as, official_of_rabat, official_of_other_city, language
):
    held = factories.ActivityFactory(title="Held exchange")
    coming = factories.ActivityFactory(title="Coming workshop")
    came = factories.make_registration(held, official_of_rabat)
    early = factories.make_registration(coming, official_of_other_city)
    begin(held)
    client = client_as("mu_staff")
    response = client.post(
        reverse(LIST, current_app=None).replace("/en/", f"/{language}/"),
        {"action": "mark_attended", "_selected_action": [came.pk, early.pk]},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]
    text = " ".join(shown) + response.content.decode()
    assert "Coming workshop" in text
    if language == "en":
        assert "Attendance is recorded once the activity has begun" in text
    else:
        assert "الحضور" in text
    for registration in (came, early):
        registration.refresh_from_db()
    assert came.attended is None and early.attended is None


# --- The work queue's line --------------------------------------------------------------


def end(activity, *, days_ago: int = 1) -> None:
    """The activity was held and ended ``days_ago`` days ago."""
    ends = timezone.now() - datetime.timedelta(days=days_ago)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=ends - datetime.timedelta(hours=6), ends_at=ends
    )


def test_the_work_queue_counts_the_people_whose_attendance_waits_after_each_activity(
    client_as, mu_staff, mena_hub, official_of_rabat, official_of_other_city
):
    from tests.workqueue.test_work_queue import QUEUE, line_text, lines

    held = factories.ActivityFactory(title="Rabat exchange", hub=mena_hub)
    recorded = factories.make_registration(held, official_of_rabat)
    factories.make_registration(held, official_of_other_city)
    factories.make_registration(held, factories.UserFactory())
    earlier = factories.ActivityFactory(title="Tunis training", hub=mena_hub)
    factories.make_registration(earlier, factories.UserFactory())
    all_recorded = factories.ActivityFactory(title="Amman webinar")
    done = factories.make_registration(all_recorded, factories.UserFactory())
    cancelled = factories.ActivityFactory(title="Cancelled briefing")
    factories.make_registration(cancelled, factories.UserFactory())
    running = factories.ActivityFactory(title="Summit under way")
    factories.make_registration(running, factories.UserFactory())
    for activity, days_ago in ((held, 1), (earlier, 3), (all_recorded, 2), (cancelled, 1)):
        end(activity, days_ago=days_ago)
    begin(running)
    Activity.objects.filter(pk=cancelled.pk).update(status=Activity.Status.CANCELLED)
    record(client_as("mu_staff"), "mark_attended", [recorded, done])

    text = line_text(client_as("mu_staff").get(QUEUE), "Attendance to record")
    # The longest waiting first, each with the people still to record.
    assert text.index("Tunis training") < text.index("Rabat exchange")
    assert "Tunis training" in text and "1 person to record" in text
    assert "Rabat exchange" in text and "2 people to record" in text
    for absent in ("Amman webinar", "Cancelled briefing", "Summit under way"):
        assert absent not in text

    # Hub staff see their hub's activities only.
    assert "Rabat exchange" in line_text(client_as("hub_staff_mena").get(QUEUE), "Attendance")
    others = lines(client_as("hub_staff_other").get(QUEUE))
    assert not any(title.startswith("Attendance") for title in others)


def test_an_activity_moved_in_time_moves_its_attendance_line_with_it(
    client_as, mu_staff, official_of_rabat, official_of_other_city
):
    """Each seat keeps a copy of its activity's end for the work queue: moving the
    activity (a date typed wrong, an activity postponed) moves the line at once."""
    from hubs.services.activities import change_activity
    from tests.workqueue.test_work_queue import QUEUE, line_text, lines

    workshop = factories.ActivityFactory(title="Postponed workshop")
    factories.make_registration(workshop, official_of_rabat)
    webinar = factories.ActivityFactory(title="Webinar held early")
    factories.make_registration(webinar, official_of_other_city)
    end(workshop, days_ago=2)
    client = client_as("mu_staff")
    assert "Postponed workshop" in line_text(client.get(QUEUE), "Attendance to record")

    # The workshop did not take place: it was postponed to next month.
    starts = timezone.now() + datetime.timedelta(days=30)
    change_activity(
        activity=workshop,
        actor=mu_staff,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )
    assert not any(title.startswith("Attendance") for title in lines(client.get(QUEUE)))

    # The webinar, set for next week, was in fact held yesterday.
    ends = timezone.now() - datetime.timedelta(days=1)
    change_activity(
        activity=webinar,
        actor=mu_staff,
        starts_at=ends - datetime.timedelta(hours=2),
        ends_at=ends,
    )
    text = line_text(client.get(QUEUE), "Attendance to record")
    assert "Webinar held early" in text and "1 person to record" in text
    assert "Postponed workshop" not in text


def test_a_seat_given_up_before_the_activity_leaves_no_attendance_to_record(
    client_as, official_of_rabat, official_of_other_city
):
    from hubs.services.activities import cancel_registration
    from tests.workqueue.test_work_queue import QUEUE, line_text

    activity = factories.ActivityFactory(title="Regional exchange")
    stays = factories.make_registration(activity, official_of_rabat)
    leaves = factories.make_registration(activity, official_of_other_city)
    cancel_registration(registration=leaves, actor=official_of_other_city)
    end(activity)

    text = line_text(client_as("mu_staff").get(QUEUE), "Attendance to record")
    assert "Regional exchange" in text and "1 person to record" in text
    record(client_as("mu_staff"), "mark_attended", [stays])
    assert "Regional exchange" not in client_as("mu_staff").get(QUEUE).content.decode()
