"""Staff record attendance afterwards, in bulk from the registrations list: the selected
seats are marked attended or absent, a wait-list place is not, and hub staff touch only
their hub's registrations (another hub's are ignored)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LIST = "admin:hubs_registration_changelist"


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
    record(client_as("hub_staff_mena"), "mark_attended", [registration])
    registration.refresh_from_db()
    assert registration.attended is None
