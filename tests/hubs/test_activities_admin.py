"""Staff plan activities in the admin: hub staff only their own hub's."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubs.models import Activity, ActivityDocument
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db

ADD = reverse("admin:hubs_activity_add")


def as_post(response) -> dict:
    """The form of an admin page as a browser would submit it."""
    form = read_form(response.content.decode())
    return {key: values[0] if len(values) == 1 else values for key, values in form.items()}


def activity_form(**overrides) -> dict:
    data = {
        "kind": "webinar",
        "title_en": "Online hate after elections",
        "title_ar": "",
        "title_fr": "",
        "title_es": "",
        "description_en": "",
        "status": "open",
        "visibility": "public",
        "organiser": "central",
        "hub": "",
        "partner_name": "",
        "region": "",
        "local_start_0": "2031-03-10",
        "local_start_1": "14:00",
        "local_end_0": "2031-03-10",
        "local_end_1": "15:30",
        "time_zone": "Asia/Karachi",
        "place": "",
        "online_link": "https://meet.example.org/webinar",
        "audience": "officials",
        "capacity": "100",
        "languages": "English, Urdu",
        "interpretation": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "invitations-MIN_NUM_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_staff_plan_an_activity_at_its_local_time(client_as):
    response = client_as("mu_staff").post(ADD, activity_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    # 14:00 in Karachi (UTC+5) is 09:00 UTC.
    assert activity.starts_at == datetime.datetime(2031, 3, 10, 9, 0, tzinfo=datetime.UTC)
    assert activity.ends_at == datetime.datetime(2031, 3, 10, 10, 30, tzinfo=datetime.UTC)
    assert activity.title_en == "Online hate after elections"


def test_an_activity_that_ends_before_it_starts_is_refused(client_as):
    response = client_as("mu_staff").post(
        ADD, activity_form(local_end_0="2031-03-09", local_end_1="10:00")
    )
    assert response.status_code == 200
    assert "The activity must end after it starts." in response.content.decode()
    assert not Activity.objects.exists()


def test_a_hub_organised_activity_names_its_hub(client_as):
    response = client_as("mu_staff").post(ADD, activity_form(organiser="hub"))
    assert "Choose the hub that organises the activity." in response.content.decode()
    assert not Activity.objects.exists()


def test_hub_staff_see_only_their_hubs_activities(client_as, mena_hub, balkans_hub):
    factories.ActivityFactory(title="Tunis exchange", organiser="hub", hub=mena_hub)
    factories.ActivityFactory(title="Sarajevo training", organiser="hub", hub=balkans_hub)
    page = client_as("hub_staff_mena").get(reverse("admin:hubs_activity_changelist"))
    assert page.status_code == 200
    assert "Tunis exchange" in page.content.decode()
    assert "Sarajevo training" not in page.content.decode()


def test_hub_staff_cannot_change_another_hubs_activity(client_as, mena_hub, balkans_hub):
    theirs = factories.ActivityFactory(title="Sarajevo training", organiser="hub", hub=balkans_hub)
    client = client_as("hub_staff_mena")
    url = reverse("admin:hubs_activity_change", args=[theirs.pk])
    assert client.get(url).status_code == 302  # "does not exist"
    client.post(url, activity_form(title_en="Taken over", organiser="hub", hub=mena_hub.pk))
    theirs.refresh_from_db()
    assert theirs.title_en == "Sarajevo training"
    assert theirs.hub == balkans_hub


def test_hub_staff_organise_for_their_own_hub_only(client_as, mena_hub, balkans_hub):
    client = client_as("hub_staff_mena")
    response = client.post(ADD, activity_form(organiser="hub", hub=balkans_hub.pk))
    assert response.status_code == 200
    assert not Activity.objects.exists()
    response = client.post(ADD, activity_form(organiser="central"))
    assert "Choose your hub" in response.content.decode()
    assert not Activity.objects.exists()
    response = client.post(ADD, activity_form(organiser="hub", hub=mena_hub.pk))
    assert response.status_code == 302
    assert Activity.objects.get().hub == mena_hub


def test_a_document_must_be_a_pdf(client_as):
    activity = factories.ActivityFactory()
    client = client_as("mu_staff")
    url = reverse("admin:hubs_activity_change", args=[activity.pk])
    data = {
        k: v[0] if len(v) == 1 else v
        for k, v in read_form(client.get(url).content.decode()).items()
    }
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Agenda",
            "documents-0-kind": "document",
            "documents-0-file": SimpleUploadedFile("agenda.pdf", b"<html>not a pdf</html>"),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The file is not a PDF document." in response.content.decode()
    assert not ActivityDocument.objects.exists()
    data["documents-0-file"] = SimpleUploadedFile("agenda.pdf", factories.PDF_BYTES)
    response = client.post(url, data)
    assert response.status_code == 302
    assert ActivityDocument.objects.get().title == "Agenda"


def test_lowering_the_seats_below_those_held_is_refused(client_as, official_of_rabat):
    activity = factories.ActivityFactory(capacity=2)
    factories.make_registration(activity, official_of_rabat)
    factories.make_registration(activity, factories.UserFactory())
    client = client_as("mu_staff")
    url = reverse("admin:hubs_activity_change", args=[activity.pk])
    data = {
        k: v[0] if len(v) == 1 else v
        for k, v in read_form(client.get(url).content.decode()).items()
    }
    data["capacity"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "2 people already hold a seat" in response.content.decode()
    activity.refresh_from_db()
    assert activity.capacity == 2
