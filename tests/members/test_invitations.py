"""Officials invite colleagues to ask to act for their city: each invitation is recorded,
limited per city and day, and emailed once by a task, in the colleague's language."""

import datetime
import smtplib
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone, translation

from members.errors import MembershipError
from members.models import Invitation
from members.services.invitations import invite_colleague
from members.tasks import send_invitation

COLLEAGUE = "colleague@rabat.example.org"


def invite_url(city) -> str:
    with translation.override("en"):
        return reverse("members:invite_colleague", kwargs={"code": city.code})


@pytest.fixture
def invite(client_as, django_capture_on_commit_callbacks):
    """``invite(persona, city, email=..., language=...)``: post the form as that persona;
    the email goes once the request's transaction commits, as in production."""

    def post(persona, city, *, email=COLLEAGUE, language="en", message=""):
        client = client_as(persona)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                invite_url(city), {"email": email, "language": language, "message": message}
            )

    return post


@pytest.fixture
def limit_of_20(settings):
    settings.INVITATIONS_PER_CITY_PER_DAY = 20


def earlier_invitations(city, count: int, *, by) -> None:
    for n in range(count):
        Invitation.objects.create(
            local_government=city,
            email=f"colleague-{n}@example.org",
            language="en",
            invited_by=by,
            sent_at=timezone.now(),
        )


# --- Recorded and emailed once ------------------------------------------------------------


def test_an_invitation_is_recorded_and_emailed_once_in_the_colleagues_language(
    invite, rabat, official_of_rabat
):
    response = invite(
        "official_of_rabat", rabat, email=COLLEAGUE, language="fr", message="Bienvenue !"
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.local_government, invitation.email, invitation.language) == (
        rabat,
        COLLEAGUE,
        "fr",
    )
    assert invitation.invited_by == official_of_rabat
    assert invitation.message == "Bienvenue !" and invitation.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [COLLEAGUE]
    assert "Représenter Rabat sur le portail" in sent.subject
    assert "Bienvenue !" in sent.body
    assert 'lang="fr"' in sent.alternatives[0][0]

    send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get()

    assert len(mail.outbox) == 1


def test_the_invitation_is_in_the_citys_audit_trail(invite, rabat, official_of_rabat):
    from scn_portal.audit.models import AuditEntry

    invite("official_of_rabat", rabat)

    entry = AuditEntry.objects.get(content_type__model="invitation", action="created")
    assert entry.changes["email"] == [None, COLLEAGUE]
    assert entry.actor == official_of_rabat


# --- Limited per city and day ---------------------------------------------------------------


def test_the_21st_invitation_in_a_day_is_refused_on_the_form_and_nothing_is_sent(
    invite, rabat, official_of_rabat, limit_of_20
):
    earlier_invitations(rabat, 20, by=official_of_rabat)

    response = invite("official_of_rabat", rabat, email=COLLEAGUE)

    assert response.status_code == 200
    assert (
        "Rabat has already sent 20 invitations today, the most a city may send in a day."
        in response.content.decode()
    )
    assert Invitation.objects.count() == 20
    assert not Invitation.objects.filter(email=COLLEAGUE).exists()
    assert mail.outbox == []


def test_invitations_sent_more_than_a_day_ago_no_longer_count(
    invite, rabat, official_of_rabat, limit_of_20
):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=25)):
        earlier_invitations(rabat, 20, by=official_of_rabat)

    response = invite("official_of_rabat", rabat, email=COLLEAGUE)

    assert response.status_code == 302
    assert Invitation.objects.filter(email=COLLEAGUE).exists()
    assert len(mail.outbox) == 1


def test_another_citys_invitations_do_not_count_against_rabat(
    invite, rabat, oslo, official_of_rabat, official_of_other_city, limit_of_20
):
    earlier_invitations(oslo, 20, by=official_of_other_city)

    response = invite("official_of_rabat", rabat)

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_the_same_address_invited_twice_in_a_day_is_refused(invite, rabat, official_of_rabat):
    invite("official_of_rabat", rabat, email=COLLEAGUE)

    response = invite("official_of_rabat", rabat, email="Colleague@Rabat.example.org")

    assert response.status_code == 200
    assert (
        "Colleague@Rabat.example.org has already been invited to act for Rabat today."
        in response.content.decode()
    )
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert invite("official_of_rabat", rabat, email=COLLEAGUE).status_code == 302
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("already", "addresses"),
    [
        (19, ["twentieth@example.org", "twenty-first@example.org"]),
        (0, [COLLEAGUE, COLLEAGUE]),
    ],
    ids=["the 20th and 21st of the day", "the same address"],
)
def test_two_invitations_at_the_same_moment_cannot_both_pass(
    rabat, official_of_rabat, settings, already, addresses
):
    """The second request arrives while the first has checked the limit and written its
    invitation but not yet committed: it must wait for the first, then be refused."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    settings.INVITATIONS_PER_CITY_PER_DAY = 20
    earlier_invitations(rabat, already, by=official_of_rabat)
    first_written, commit_first = threading.Event(), threading.Event()
    outcomes = {}

    def invite_as(email, *, first: bool):
        try:
            with transaction.atomic():
                invite_colleague(
                    local_government=rabat, email=email, language="en", actor=official_of_rabat
                )
                if first:
                    first_written.set()
                    commit_first.wait(timeout=10)
            outcomes["first" if first else "second"] = "invited"
        except MembershipError:
            outcomes["first" if first else "second"] = "refused"
        finally:
            first_written.set()
            connections.close_all()

    first = threading.Thread(target=invite_as, args=(addresses[0],), kwargs={"first": True})
    second = threading.Thread(target=invite_as, args=(addresses[1],), kwargs={"first": False})
    first.start()
    first_written.wait(timeout=10)
    second.start()
    second.join(timeout=1)  # without the lock it would be done by now
    commit_first.set()
    first.join()
    second.join()

    assert outcomes == {"first": "invited", "second": "refused"}
    assert Invitation.objects.count() == already + 1
    assert len(mail.outbox) == 1


# --- Who may invite -------------------------------------------------------------------------


def test_an_official_of_another_city_cannot_invite_for_rabat(invite, client_as, rabat):
    assert client_as("official_of_other_city").get(invite_url(rabat)).status_code == 404

    response = invite("official_of_other_city", rabat)

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- A mail relay that fails ----------------------------------------------------------------


class RelayDroppingOnce(EmailBackend):
    """A mail relay that drops the connection the first time, then delivers."""

    dropped = False

    def send_messages(self, messages):
        if not type(self).dropped:
            type(self).dropped = True
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_mail_relay_down_leaves_the_invitation_recorded_unsent_and_no_server_error(
    invite, rabat, official_of_rabat, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"

    response = invite("official_of_rabat", rabat)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    assert mail.outbox == []

    # The relay is back: the task, run again, sends it once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get() is True
    assert send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get() is False
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert [m.to for m in mail.outbox] == [[COLLEAGUE]]


def test_a_relay_hiccup_is_retried_by_the_task_and_the_colleague_emailed_once(
    invite, rabat, official_of_rabat, settings, monkeypatch, retries_run_in_place
):
    settings.EMAIL_BACKEND = f"{__name__}.RelayDroppingOnce"
    monkeypatch.setattr(RelayDroppingOnce, "dropped", False)

    response = invite("official_of_rabat", rabat)

    assert response.status_code == 302
    assert RelayDroppingOnce.dropped
    assert [m.to for m in mail.outbox] == [[COLLEAGUE]]
    assert Invitation.objects.get().sent_at is not None


def test_an_invitation_whose_sender_was_erased_meanwhile_is_not_sent(
    rabat, official_of_rabat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invite_colleague(
            local_government=rabat, email=COLLEAGUE, language="en", actor=official_of_rabat
        )
    Invitation.objects.filter(pk=invitation.pk).update(invited_by=None)

    assert send_invitation.apply(kwargs={"invitation_id": invitation.pk}).get() is False
    assert mail.outbox == []


def test_an_invitation_deleted_before_the_task_runs_is_skipped_quietly(db):
    assert send_invitation.apply(kwargs={"invitation_id": 123456}).get() is False
    assert mail.outbox == []


def test_an_unknown_language_falls_back_to_the_default(rabat, official_of_rabat, settings):
    invitation = invite_colleague(
        local_government=rabat, email=COLLEAGUE, language="zz", actor=official_of_rabat
    )
    assert invitation.language == settings.LANGUAGE_CODE


# --- Retention ------------------------------------------------------------------------------


def test_invitations_past_the_retention_period_leave_no_address_behind(invite, rabat, settings):
    from members.privacy import delete_expired_invitations
    from scn_portal.audit.models import AuditEntry

    settings.INVITATION_RETENTION_DAYS = 90
    with time_machine.travel(timezone.now() - datetime.timedelta(days=91)):
        invite("official_of_rabat", rabat, email="gone@rabat.example.org")
    invite("official_of_rabat", rabat, email="kept@rabat.example.org")
    assert AuditEntry.objects.filter(changes__icontains="gone@rabat.example.org").exists()

    assert delete_expired_invitations() == 1

    assert list(Invitation.objects.values_list("email", flat=True)) == ["kept@rabat.example.org"]
    trail = " ".join(str(e.changes) + e.object_repr for e in AuditEntry.objects.all())
    assert "gone@rabat.example.org" not in trail
    assert "kept@rabat.example.org" in trail


# --- Staff see them in the admin and send again what did not go out ------------------------


def test_staff_find_an_unsent_invitation_and_send_it_again_once(
    invite, client_as, rabat, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reminders.failing_backend.RefusingBackend"
    invite("official_of_rabat", rabat)  # the relay refuses it
    invite("official_of_rabat", rabat, email="second@rabat.example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = Invitation.objects.get(email="second@rabat.example.org")
    sent.sent_at = timezone.now()
    sent.save()
    staff = client_as("mu_staff")

    listing = staff.get(reverse("admin:members_invitation_changelist"), {"sent": "no"})
    assert COLLEAGUE in listing.content.decode()
    assert "second@rabat.example.org" not in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("admin:members_invitation_changelist"),
            {
                "action": "send_again",
                "_selected_action": list(Invitation.objects.values_list("pk", flat=True)),
            },
            follow=True,
        )

    assert "1 invitation will be sent again." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[COLLEAGUE]]
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0


def test_nobody_adds_changes_or_deletes_an_invitation_by_hand(client_as, invite, rabat):
    invite("official_of_rabat", rabat)
    invitation = Invitation.objects.get()
    staff = client_as("mu_staff")

    page = staff.get(reverse("admin:members_invitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()  # shown, not editable
    assert (
        staff.post(
            reverse("admin:members_invitation_change", args=[invitation.pk]), {"email": "x@y.org"}
        ).status_code
        == 403
    )
    assert (
        staff.post(
            reverse("admin:members_invitation_delete", args=[invitation.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    invitation.refresh_from_db()
    assert invitation.email == COLLEAGUE


def test_an_official_cannot_send_invitations_again_from_the_admin(client_as, invite, rabat):
    invite("official_of_rabat", rabat)
    official = client_as("official_of_rabat")

    response = official.post(
        reverse("admin:members_invitation_changelist"),
        {"action": "send_again", "_selected_action": [Invitation.objects.get().pk]},
    )

    assert response.status_code == 302  # to the sign-in: the admin is not theirs
    assert Invitation.objects.get().sent_at is not None  # sent once by the form, not again
    assert len(mail.outbox) == 1


# --- Abuse: drafts, one account, the note ---------------------------------------------------


def test_a_city_not_yet_admitted_invites_no_one(client_as, official_of_rabat, rabat):
    """Anyone may create a draft city: it must not become a way to send email."""
    from tests import factories

    draft = factories.LocalGovernmentFactory(name="Draftville", country="MA")
    factories.make_application(draft, status="applicant")
    factories.OfficialFactory(person=official_of_rabat.person, local_government=draft)
    client = client_as("official_of_rabat")

    page = client.get(reverse("members:city_portal", kwargs={"code": draft.code}))
    response = client.post(invite_url(draft), {"email": COLLEAGUE, "language": "en"})

    assert "once the Management Unit has admitted it" in page.content.decode()
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    with pytest.raises(MembershipError):
        invite_colleague(
            local_government=draft, email=COLLEAGUE, language="en", actor=official_of_rabat
        )
    assert mail.outbox == []


def test_one_account_is_limited_across_all_its_cities(
    invite, settings, rabat, oslo, official_of_rabat
):
    from tests import factories

    settings.INVITATIONS_PER_ACCOUNT_PER_DAY = 3
    factories.OfficialFactory(person=official_of_rabat.person, local_government=oslo)
    for n in range(3):
        invite("official_of_rabat", rabat, email=f"c{n}@rabat.example.org")

    response = invite("official_of_rabat", oslo, email="c9@oslo.example.org")

    assert response.status_code == 200
    assert "most one person may send in a day" in response.content.decode()
    assert Invitation.objects.count() == 3
    assert not Invitation.objects.filter(local_government=oslo).exists()


def test_the_note_is_kept_as_plain_text(rabat, official_of_rabat):
    invitation = invite_colleague(
        local_government=rabat,
        email=COLLEAGUE,
        language="en",
        actor=official_of_rabat,
        message='<a href="https://evil.example">Claim your prize</a>\x07 <b>now</b>',
    )

    assert invitation.message == "Claim your prize now"


def test_a_note_over_500_characters_is_refused_and_nothing_is_recorded(
    invite, rabat, official_of_rabat
):
    response = invite("official_of_rabat", rabat, message="x" * 501)

    assert response.status_code == 200
    assert not Invitation.objects.exists()
    with pytest.raises(MembershipError):
        invite_colleague(
            local_government=rabat,
            email=COLLEAGUE,
            language="en",
            actor=official_of_rabat,
            message="y" * 501,
        )
