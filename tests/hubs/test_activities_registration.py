"""Officials register for activities, the seat limit holds, and the wait-list runs itself:
a freed seat is offered by email with a time limit; expired or declined offers move on."""

import datetime
import re
import threading

import icalendar
import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from hubs.models import Activity, Registration
from hubs.services.activities import (
    ActivityError,
    cancel_registration,
    change_activity,
    expire_offers,
    register_for_activity,
)
from members.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a service queues once its change is committed (the emails)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def register_url(activity) -> str:
    return reverse("activities:register", kwargs={"code": activity.code})


def detail(client, activity) -> str:
    url = reverse("activities:activity_detail", kwargs={"code": activity.code})
    return client.get(url).content.decode()


def offer_link(message) -> str:
    return re.search(r"https?://\S+/offers/\S+/", message.body).group(0)


def test_an_official_registers_and_gets_a_confirmation_with_a_calendar_file(
    client_as, official_of_rabat, rabat, on_commit
):
    activity = factories.ActivityFactory(title="Rabat exchange on online hate", capacity=10)
    client = client_as("official_of_rabat")
    with on_commit():
        response = client.post(
            register_url(activity),
            {"local_government": rabat.pk, "dietary_needs": "Vegetarian", "access_needs": ""},
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.REGISTERED
    assert registration.dietary_needs == "Vegetarian"
    assert "You are registered." in detail(client, activity)
    [message] = mail.outbox
    assert message.to == [official_of_rabat.email]
    assert "Registration confirmed: Rabat exchange on online hate" in message.subject
    [(_name, content, mimetype)] = message.attachments
    assert mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Rabat exchange on online hate"
    assert event.decoded("DTSTART") == activity.starts_at
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Africa/Casablanca"


def test_the_confirmation_is_in_the_officials_language(official_of_rabat, on_commit):
    official_of_rabat.language = "fr"
    official_of_rabat.save(update_fields=["language"])
    activity = factories.ActivityFactory(title_en="Exchange", title_fr="Échange")
    with on_commit():
        factories.make_registration(activity, official_of_rabat)
    assert mail.outbox[0].subject == "Inscription confirmée : Échange"


def test_when_the_last_seat_is_taken_the_next_person_waits(
    official_of_rabat, official_of_other_city, on_commit
):
    activity = factories.ActivityFactory(capacity=1)
    with on_commit():
        first = factories.make_registration(activity, official_of_rabat)
        second = factories.make_registration(activity, official_of_other_city)
    assert first.status == Registration.Status.REGISTERED
    assert second.status == Registration.Status.WAITING
    activity.refresh_from_db()
    assert activity.status == Activity.Status.FULL
    assert "On the wait-list" in mail.outbox[1].subject


def test_a_full_activity_offers_the_wait_list(client_as, official_of_rabat):
    activity = factories.ActivityFactory(capacity=1)
    factories.make_registration(activity, factories.UserFactory())
    page = detail(client_as("official_of_rabat"), activity)
    assert "Join the wait-list" in page


def test_registration_after_the_deadline_is_refused(client_as, official_of_rabat):
    activity = factories.ActivityFactory(
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = client_as("official_of_rabat")
    assert "Registration for this activity closed on" in detail(client, activity)
    response = client.post(register_url(activity), {}, follow=True)
    assert "Registration for this activity closed on" in response.content.decode()
    assert not Registration.objects.exists()


def test_registering_twice_is_refused(official_of_rabat):
    activity = factories.ActivityFactory()
    factories.make_registration(activity, official_of_rabat)
    with pytest.raises(ActivityError, match="already registered"):
        factories.make_registration(activity, official_of_rabat)
    assert Registration.objects.count() == 1


def test_a_planned_activity_is_not_shown_nor_open(client_as, official_of_rabat):
    activity = factories.ActivityFactory(status="planned")
    url = reverse("activities:activity_detail", kwargs={"code": activity.code})
    assert client_as("official_of_rabat").get(url).status_code == 404
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("mu_staff").get(url).status_code == 200
    response = client_as("official_of_rabat").post(register_url(activity), {})
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_a_members_activity_is_for_invited_or_member_cities(
    client_as, official_of_rabat, official_of_other_city, rabat, oslo
):
    # Oslo's membership is suspended: it may not hold member benefits, and is not invited.
    Membership.objects.filter(local_government=oslo).update(status=Membership.Status.SUSPENDED)
    activity = factories.ActivityFactory(visibility="members")
    activity.invitations.create(local_government=rabat)
    url = reverse("activities:activity_detail", kwargs={"code": activity.code})
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("official_of_other_city").get(url).status_code == 404
    assert client_as("official_of_rabat").get(url).status_code == 200
    response = client_as("official_of_other_city").post(register_url(activity), {})
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_the_registrant_cancels_and_the_first_waiting_is_offered_the_seat(
    client_as, official_of_rabat, official_of_other_city, isc_member, on_commit, settings
):
    settings.ACTIVITY_OFFER_HOURS = 24
    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    first = factories.make_registration(activity, official_of_other_city)
    factories.make_registration(activity, isc_member)
    with on_commit():
        response = client_as("official_of_rabat").post(
            reverse("activities:cancel", kwargs={"code": seated.code})
        )
    assert response.status_code == 302
    seated.refresh_from_db()
    first.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert first.status == Registration.Status.OFFERED
    hours = (first.offer_expires_at - timezone.now()).total_seconds() / 3600
    assert 23.9 < hours <= 24
    [offer] = mail.outbox
    assert offer.to == [official_of_other_city.email]
    assert "A seat is free for you" in offer.subject
    assert Registration.objects.get(user=isc_member).status == Registration.Status.WAITING


def test_an_offer_is_accepted_once_from_its_link(
    client, official_of_rabat, official_of_other_city, on_commit
):
    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    waiting = factories.make_registration(activity, official_of_other_city)
    with on_commit():
        cancel_registration(registration=seated, actor=official_of_rabat)
    link = offer_link(mail.outbox[0])
    page = client.get(link)
    assert "Accept the seat" in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED  # opening the link answers nothing
    with on_commit():
        response = client.post(link, {"answer": "accept"}, follow=True)
    assert "You are registered: the seat is yours." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert "Registration confirmed" in mail.outbox[-1].subject
    again = client.post(link, {"answer": "decline"})
    assert again.status_code == 400
    assert "This offer has already been answered." in again.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_a_declined_offer_goes_to_the_next_person(
    client, official_of_rabat, official_of_other_city, isc_member, on_commit
):
    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    first = factories.make_registration(activity, official_of_other_city)
    second = factories.make_registration(activity, isc_member)
    with on_commit():
        cancel_registration(registration=seated, actor=official_of_rabat)
    with on_commit():
        client.post(offer_link(mail.outbox[0]), {"answer": "decline"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.OFFERED
    assert mail.outbox[-1].to == [isc_member.email]


def test_cancellation_offer_expiry_next_offer_acceptance(
    client, official_of_rabat, official_of_other_city, isc_member, on_commit
):
    activity = factories.ActivityFactory(capacity=1)
    seated = factories.make_registration(activity, official_of_rabat)
    first = factories.make_registration(activity, official_of_other_city)
    second = factories.make_registration(activity, isc_member)
    with on_commit():
        cancel_registration(registration=seated, actor=official_of_rabat)
    first_link = offer_link(mail.outbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        late = client.post(first_link, {"answer": "accept"})
        assert late.status_code == 400
        assert "This offer expired" in late.content.decode()
        first.refresh_from_db()
        assert first.status == Registration.Status.OFFERED  # until the beat moves on
        with on_commit():
            assert expire_offers() == 1
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.status == Registration.Status.CANCELLED
        assert second.status == Registration.Status.OFFERED
        with on_commit():
            client.post(offer_link(mail.outbox[-1]), {"answer": "accept"})
    second.refresh_from_db()
    assert second.status == Registration.Status.REGISTERED
    assert activity.registrations.holding_seats().count() == 1


def test_raising_the_capacity_offers_the_new_seats(
    official_of_rabat, official_of_other_city, mu_staff, on_commit
):
    activity = factories.ActivityFactory(capacity=1)
    factories.make_registration(activity, official_of_rabat)
    waiting = factories.make_registration(activity, official_of_other_city)
    with on_commit():
        change_activity(activity=activity, actor=mu_staff, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED
    assert mail.outbox[-1].to == [official_of_other_city.email]


def test_a_forged_offer_link_is_not_found(client):
    response = client.get(reverse("activities:offer", kwargs={"token": "not-a-signed-token"}))
    assert response.status_code == 404


def test_nobody_cancels_someone_elses_registration(client_as, official_of_rabat):
    registration = factories.make_registration(factories.ActivityFactory(), official_of_rabat)
    response = client_as("official_of_other_city").post(
        reverse("activities:cancel", kwargs={"code": registration.code})
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_staff_seat_a_waiting_person_beyond_capacity_saying_why(
    client_as, mu_staff, official_of_rabat, official_of_other_city
):
    activity = factories.ActivityFactory(capacity=1)
    factories.make_registration(activity, official_of_rabat)
    waiting = factories.make_registration(activity, official_of_other_city)
    url = reverse("admin:hubs_registration_change", args=[waiting.pk])
    client = client_as("mu_staff")
    response = client.post(url, {"over_capacity_reason": "   "})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    response = client.post(url, {"over_capacity_reason": "Speaker on the second panel"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
    assert waiting.over_capacity and waiting.over_capacity_by == mu_staff
    assert waiting.over_capacity_reason == "Speaker on the second panel"
    assert activity.registrations.holding_seats().count() == 2


def test_hub_staff_see_only_their_hubs_registrations(
    client_as, mena_hub, balkans_hub, official_of_rabat
):
    ours = factories.ActivityFactory(title="Tunis exchange", organiser="hub", hub=mena_hub)
    theirs = factories.ActivityFactory(title="Sarajevo training", organiser="hub", hub=balkans_hub)
    factories.make_registration(ours, official_of_rabat)
    other = factories.make_registration(theirs, official_of_rabat)
    client = client_as("hub_staff_mena")
    page = client.get(reverse("admin:hubs_registration_changelist")).content.decode()
    assert "Tunis exchange" in page and "Sarajevo training" not in page
    response = client.post(
        reverse("admin:hubs_registration_change", args=[other.pk]),
        {"over_capacity_reason": "Taken over"},
    )
    assert response.status_code == 302  # "does not exist"
    other.refresh_from_db()
    assert other.over_capacity_reason == ""


def test_a_private_document_is_for_participants_and_organisers(
    client_as, official_of_rabat, mena_hub
):
    from django.core.files.base import ContentFile

    activity = factories.ActivityFactory(organiser="hub", hub=mena_hub)
    document = activity.documents.create(title="Participants' list")
    document.file.save("list.pdf", ContentFile(factories.PDF_BYTES))
    url = reverse("activities:document_download", kwargs={"code": document.code})
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("official_of_rabat").get(url).status_code == 404
    factories.make_registration(activity, official_of_rabat)
    assert client_as("official_of_rabat").get(url).status_code == 200
    assert client_as("hub_staff_mena").get(url).status_code == 200
    assert client_as("hub_staff_other").get(url).status_code == 404


def test_the_registration_form_refuses_a_city_the_person_does_not_act_for(
    client_as, official_of_rabat, oslo
):
    activity = factories.ActivityFactory()
    response = client_as("official_of_rabat").post(
        register_url(activity), {"local_government": oslo.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_wait_list_place():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    activity = factories.ActivityFactory(capacity=1)
    people = [factories.UserFactory(), factories.UserFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def take_seat(user):
        try:
            barrier.wait()
            registration = register_for_activity(activity=activity, user=user, actor=user)
            outcomes.append(registration.status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_seat, args=[user]) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["registered", "waiting"]
    assert activity.registrations.holding_seats().count() == 1
