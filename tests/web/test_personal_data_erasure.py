"""Erasure: staff remove what identifies a person everywhere, keep what others need, and
never-approved applicants are erased after the retention period."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from governance.models import MinutesComment
from members.models import Invitation, Membership, Person
from members.privacy import erase_stale_applicants
from members.services.invitations import invite_colleague
from scn_portal.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db
User = get_user_model()


def erase_url(person) -> str:
    return reverse("web:personal_data_erase", kwargs={"code": person.code})


def trail_mentions(text: str) -> int:
    return (
        AuditEntry.objects.annotate(t=Cast("changes", TextField()))
        .filter(t__icontains=text)
        .count()
        + AuditEntry.objects.filter(object_repr__icontains=text).count()
        + AuditEntry.objects.filter(actor_label__icontains=text).count()
    )


@pytest.fixture
def erased_official(client_as, official_of_rabat, rabat, mu_staff):
    """Rabat's official, who signed in, edited the city and commented on minutes, erased."""
    person = official_of_rabat.person
    person.title = "Deputy mayor"
    person.save()
    official_client = client_as("official_of_rabat")
    official_client.post(
        reverse("members:edit_city_profile", kwargs={"code": rabat.code}),
        {
            "name_en": "Rabat",
            "profile_en": "New text.",
            "kind": "capital",
            "latitude": "34.02088",
            "longitude": "-6.84165",
            "publicly_listed": "True",
        },
        REMOTE_ADDR="198.51.100.7",
    )
    minutes = factories.make_minutes()
    MinutesComment.objects.create(
        minutes=minutes,
        agenda_item=minutes.items.first().agenda_item,
        author=official_of_rabat,
        text="Agreed.",
    )
    identity = {
        "name": official_of_rabat.full_name,
        "email": official_of_rabat.email,
        "client": official_client,
    }
    response = client_as("mu_staff").post(erase_url(person), {"confirm": "on"})
    assert response.status_code == 302
    return identity


def test_erasure_removes_the_name_and_addresses_from_the_person_and_account(
    erased_official, official_of_rabat
):
    person = Person.objects.get(pk=official_of_rabat.person.pk)
    user = User.objects.get(pk=official_of_rabat.pk)
    assert (person.full_name, person.email, person.title) == ("", "", "")
    assert str(person) == "a former member" and str(user) == "a former member"
    assert erased_official["email"] not in user.email
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not person.officials.filter(is_active=True).exists()


def test_the_erased_person_is_signed_out_and_cannot_sign_in(erased_official):
    client = erased_official["client"]
    assert client.get(reverse("members:portal")).status_code == 302
    assert not client.login(email=erased_official["email"], password=factories.PASSWORD)


def test_the_audit_trail_keeps_no_copy_of_the_name_address_or_ip(erased_official):
    assert trail_mentions(erased_official["name"]) == 0
    assert trail_mentions(erased_official["email"]) == 0
    # The official's own edit of the city is still in the trail, without their address.
    edit = AuditEntry.objects.get(changes__has_key="profile_en", source="web")
    assert edit.ip_address is None and edit.actor_label == ""
    assert not AuditEntry.objects.filter(ip_address="198.51.100.7").exists()


def test_records_others_need_stay_and_name_a_former_member(erased_official, rabat):
    comment = MinutesComment.objects.get(text="Agreed.")
    assert str(comment.author) == "a former member"
    rabat.refresh_from_db()
    assert rabat.profile_en == "New text."
    assert Membership.objects.filter(local_government=rabat).exists()


def test_the_erasure_itself_is_recorded_with_who_asked(
    erased_official, official_of_rabat, mu_staff
):
    entry = AuditEntry.objects.get(action="erased")
    assert entry.object_id == str(official_of_rabat.person.pk)
    assert entry.actor == mu_staff


def test_without_confirmation_nothing_is_erased(client_as, official_of_rabat):
    response = client_as("mu_staff").post(erase_url(official_of_rabat.person), {})

    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.content.decode()
    official_of_rabat.refresh_from_db()
    assert official_of_rabat.is_active and official_of_rabat.person.full_name


@pytest.mark.parametrize(
    "persona", ["official_of_rabat", "official_of_other_city", "hub_staff_mena", "isc_member"]
)
def test_nobody_but_management_unit_staff_erases(client_as, official_of_rabat, persona):
    response = client_as(persona).post(erase_url(official_of_rabat.person), {"confirm": "on"})

    assert response.status_code == 404
    official_of_rabat.person.refresh_from_db()
    assert official_of_rabat.person.erased_at is None


def test_a_current_isc_member_is_refused_and_nothing_changes(client_as, isc_member):
    client = client_as("mu_staff")
    before = AuditEntry.objects.count()

    response = client.post(erase_url(isc_member.person), {"confirm": "on"})

    assert response.status_code == 400
    assert "holds a current ISC seat" in response.content.decode()
    isc_member.refresh_from_db()
    assert isc_member.is_active and isc_member.person.erased_at is None
    assert AuditEntry.objects.count() == before


def test_once_their_term_is_ended_a_former_isc_member_is_erased_everywhere(
    client_as, isc_member, mu_staff
):
    from governance.models import Attendance, IscTerm
    from governance.services.isc import end_isc_term
    from scn_portal.audit.context import audit_context

    person, name = isc_member.person, isc_member.full_name
    term = IscTerm.objects.get(person=person)
    with audit_context(source="admin", user=mu_staff):
        Attendance.objects.create(
            meeting=factories.MeetingFactory(), person=person, status=Attendance.Status.PRESENT
        )
        end_isc_term(
            term=term,
            ends_on=timezone.localdate() - datetime.timedelta(days=1),
            reason=IscTerm.EndReason.STEPPED_DOWN,
            note=f"{name} stepped down.",
            actor=mu_staff,
        )
    assert trail_mentions(name) > 0

    response = client_as("mu_staff").post(erase_url(person), {"confirm": "on"})

    assert response.status_code == 302
    assert trail_mentions(name) == 0  # the attendance and the early end named them
    term.refresh_from_db()
    assert term.end_reason == IscTerm.EndReason.STEPPED_DOWN  # the seat's history stays
    assert term.end_note == ""


def test_the_person_page_links_to_the_erasure(client_as, official_of_rabat):
    page = client_as("mu_staff").get(
        reverse("admin:members_person_change", args=[official_of_rabat.person.pk])
    )
    assert erase_url(official_of_rabat.person) in page.content.decode()


def test_invitations_to_the_person_go_and_those_they_sent_lose_sender_and_note(
    client_as, official_of_rabat, official_of_other_city, rabat, oslo
):
    received = invite_colleague(
        local_government=oslo,
        email=official_of_rabat.email,
        language="en",
        message="Join us, dear colleague from Rabat.",
        actor=official_of_other_city,
    )
    sent = invite_colleague(
        local_government=rabat,
        email="colleague@rabat.example.org",
        language="fr",
        message="A note only the sender wrote.",
        actor=official_of_rabat,
    )

    response = client_as("mu_staff").post(erase_url(official_of_rabat.person), {"confirm": "on"})

    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=received.pk).exists()
    sent.refresh_from_db()
    assert (sent.invited_by, sent.message) == (None, "")
    assert (sent.email, sent.local_government) == ("colleague@rabat.example.org", rabat)
    assert trail_mentions("Join us, dear colleague") == 0
    assert trail_mentions("A note only the sender wrote") == 0
    assert trail_mentions(official_of_rabat.email) == 0
    # The colleague's address is not the erased person's: it stays in the trail.
    assert trail_mentions("colleague@rabat.example.org") > 0


# --- Retention of applicants never approved ------------------------------------------------


def application(status: str, *, last_activity_days_ago: int, joined: bool = False):
    city = factories.LocalGovernmentFactory()
    moment = timezone.now() - datetime.timedelta(days=last_activity_days_ago)
    Membership.objects.create(
        local_government=city,
        status=status,
        application_started_at=moment,
        status_changed_at=moment,
        joined_on=moment.date() if joined else None,
    )
    return factories.make_official(city).person


def test_applicants_never_approved_are_erased_after_the_retention_period(settings):
    settings.APPLICANT_RETENTION_DAYS = 730
    rejected_long_ago = application("rejected", last_activity_days_ago=800)
    abandoned_draft = application("applicant", last_activity_days_ago=731)
    rejected_recently = application("rejected", last_activity_days_ago=100)
    former_member = application("withdrawn", last_activity_days_ago=800, joined=True)
    waiting_for_staff = application("under_review", last_activity_days_ago=800)

    erase_stale_applicants()

    def erased(person):
        person.refresh_from_db()
        return person.erased_at is not None

    assert erased(rejected_long_ago) and erased(abandoned_draft)
    assert not erased(rejected_recently)
    assert not erased(former_member)
    assert not erased(waiting_for_staff)


def test_someone_who_also_acts_for_a_member_city_is_kept(rabat):
    person = application("rejected", last_activity_days_ago=800)
    factories.OfficialFactory(person=person, local_government=rabat)

    erase_stale_applicants()

    person.refresh_from_db()
    assert person.erased_at is None
