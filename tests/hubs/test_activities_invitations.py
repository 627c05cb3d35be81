"""Invitations: a Global Summit invites exactly the cities that may hold member benefits
today (unlisted ones included); other activities invite by city, region or hub. Each
official is emailed once, in their language, by a task that works in batches."""

import pytest
from django.core import mail
from django.urls import reverse

from hubs.models import ActivityInvitation
from hubs.services.activities import ActivityError, invite_cities, invite_the_cities_it_is_for
from members.eligibility import eligible_cities
from members.models import LocalGovernment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def make_eligible(city):
    """A member whose commitment to the current principles is signed."""
    factories.CommitmentFactory(local_government=city)
    return city


@pytest.fixture
def population(rabat, oslo):
    """Rabat and an unlisted member may hold member benefits; Oslo has no commitment,
    Tétouan only applies."""
    make_eligible(rabat)
    unlisted = factories.MembershipFactory(
        local_government__name="Unlisted town", local_government__region=rabat.region
    ).local_government
    LocalGovernment.objects.filter(pk=unlisted.pk).update(publicly_listed=False)
    make_eligible(unlisted)
    factories.make_application(
        factories.LocalGovernmentFactory(name="Tétouan", country="MA", region=rabat.region)
    )
    return {"eligible": {rabat.pk, unlisted.pk}}


def test_a_global_summit_invites_exactly_the_eligible_cities(population, mu_staff):
    summit = factories.ActivityFactory(kind="global_summit", visibility="members")
    assert set(eligible_cities().values_list("pk", flat=True)) == population["eligible"]
    invite_the_cities_it_is_for(activity=summit, actor=mu_staff)
    invited = set(summit.invitations.values_list("local_government_id", flat=True))
    assert invited == population["eligible"]


def test_a_global_summit_refuses_an_ineligible_city(population, oslo, rabat, mu_staff):
    summit = factories.ActivityFactory(kind="global_summit")
    with pytest.raises(ActivityError, match="only cities that may hold member benefits"):
        invite_cities(activity=summit, cities=[rabat, oslo], actor=mu_staff)
    assert not ActivityInvitation.objects.exists()


def test_inviting_twice_invites_each_city_once(rabat, mu_staff):
    workshop = factories.ActivityFactory()
    assert invite_cities(activity=workshop, cities=[rabat], actor=mu_staff) == 1
    assert invite_cities(activity=workshop, cities=[rabat], actor=mu_staff) == 0
    assert workshop.invitations.count() == 1


def test_a_regional_workshop_invites_the_regions_cities_members_or_not(rabat, oslo, mu_staff):
    workshop = factories.ActivityFactory(region=rabat.region)
    applicant = factories.LocalGovernmentFactory(name="Fès", country="MA", region=rabat.region)
    invite_the_cities_it_is_for(activity=workshop, actor=mu_staff)
    invited = set(workshop.invitations.values_list("local_government_id", flat=True))
    assert invited == {rabat.pk, applicant.pk}


def test_each_official_is_emailed_once_in_their_language(
    rabat, official_of_rabat, mu_staff, on_commit
):
    official_of_rabat.language = "ar"
    official_of_rabat.save(update_fields=["language"])
    colleague = factories.make_official(rabat, email="mayor@rabat.example.org")
    workshop = factories.ActivityFactory(title_en="Exchange", title_ar="تبادل")
    with on_commit():
        invite_cities(activity=workshop, cities=[rabat], actor=mu_staff)
    with on_commit():
        invite_cities(activity=workshop, cities=[rabat], actor=mu_staff)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        official_of_rabat.email: "دعوة: تبادل",
        colleague.email: "Invitation: Exchange",
    }
    assert workshop.invitations.get().sent_at is not None


def test_invitations_go_out_in_batches(rabat, mu_staff, on_commit, settings):
    settings.ACTIVITY_INVITATION_BATCH = 2
    cities = [rabat] + [
        factories.MembershipFactory(local_government__name=f"Town {n}").local_government
        for n in range(4)
    ]
    for city in cities:
        factories.make_official(city, email=f"official@{city.pk}.example.org")
    workshop = factories.ActivityFactory()
    with on_commit():
        invite_cities(activity=workshop, cities=cities, actor=mu_staff)
    assert len(mail.outbox) == 5
    assert not workshop.invitations.filter(sent_at__isnull=True).exists()


def test_a_batch_of_invitations_goes_over_one_connection_with_the_same_queries(
    rabat, mu_staff, settings, monkeypatch
):
    """However many cities a batch invites: one connection to the relay, and the same
    number of queries (the officials read once for the batch, not once per city)."""
    from django.core.mail.backends.locmem import EmailBackend
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hubs.services.activities import send_invitation_batch
    from scn_portal.reminders.models import ReminderDelivery

    opened = []
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or True)
    settings.ACTIVITY_INVITATION_BATCH = 50

    def queries_to_send(count: int) -> int:
        workshop = factories.ActivityFactory()
        cities = [
            factories.MembershipFactory(local_government__name=f"Town {count}-{n}").local_government
            for n in range(count)
        ]
        for city in cities:
            factories.make_official(city, email=f"official@{city.pk}.example.org")
        invite_cities(activity=workshop, cities=cities, actor=mu_staff)
        opened.clear()
        with CaptureQueriesContext(connection) as queries:
            assert send_invitation_batch(activity=workshop) == 0
        assert len(opened) == 1
        assert not workshop.invitations.filter(sent_at__isnull=True).exists()
        sent = ReminderDelivery.objects.filter(occasion__startswith="invitation:", status="sent")
        assert (
            sent.filter(email__in=[f"official@{c.pk}.example.org" for c in cities]).count() == count
        )
        return len([q for q in queries.captured_queries if "members_official" in q["sql"]])

    assert queries_to_send(2) == queries_to_send(6) == 1
    assert len(mail.outbox) == 8


def test_an_invitation_is_never_shown_publicly(rabat, mu_staff, client):
    summit = factories.ActivityFactory(kind="global_summit", visibility="members")
    invite_cities(activity=summit, cities=[], actor=mu_staff)
    page = client.get(reverse("activities:calendar")).content.decode()
    assert summit.title not in page


def test_staff_invite_from_the_admin(rabat, client_as, mu_staff, on_commit, official_of_rabat):
    workshop = factories.ActivityFactory(region=rabat.region)
    with on_commit():
        response = client_as("mu_staff").post(
            reverse("admin:hubs_activity_changelist"),
            {"action": "invite_cities", "_selected_action": [workshop.pk]},
        )
    assert response.status_code == 302
    assert workshop.invitations.get().local_government == rabat
    assert mail.outbox[0].to == [official_of_rabat.email]
