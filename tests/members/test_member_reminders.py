"""Reminders of the membership lifecycle: recommitment, applications waiting for staff,
and applications left incomplete. Each goes to the right people, once, in their language."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from members.models import Commitment, Membership, PrincipleVersion
from members.reminders import ApplicationWaitingForStaff, IncompleteApplication
from scn_portal.reminders import registry
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reminders.services import send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db

RECOMMIT = "members.recommitment"
WAITING = "members.application_waiting_for_staff"
INCOMPLETE = "members.incomplete_application"


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


def run(code: str) -> dict[str, int]:
    return send_due_reminders(rule=registry.get(code))


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def official(city, email: str, *, language: str = "en", active: bool = True, user: bool = True):
    person = factories.PersonFactory(email=email)
    if user:
        person.user = factories.UserFactory(email=email, language=language)
        person.save(update_fields=["user"])
    factories.OfficialFactory(person=person, local_government=city, is_active=active)
    return person


def commit(city, version: PrincipleVersion) -> Commitment:
    return Commitment.objects.create(
        local_government=city,
        version=version,
        signatory_name="The Mayor",
        signatory_title="Mayor",
        signatory_role=Commitment.SignatoryRole.MAYOR,
        signed_on=version.effective_on,
    )


def test_the_rules_are_registered():
    assert {RECOMMIT, WAITING, INCOMPLETE} <= {rule.code for rule in registry.all_rules()}
    assert ApplicationWaitingForStaff.after_days == 14
    assert IncompleteApplication.after_days == 7


# --- Recommitment ---------------------------------------------------------------------


@pytest.fixture
def versions():
    old = PrincipleVersion.objects.create(label="2019", effective_on=datetime.date(2019, 1, 1))
    new = PrincipleVersion.objects.create(
        label="2025", effective_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    return old, new


def test_officials_of_members_committed_to_an_older_version_are_asked_to_recommit(
    rabat, oslo, versions
):
    old, new = versions
    commit(rabat, old)
    official(rabat, "mayor@rabat.example.org")
    official(rabat, "focal@rabat.example.org", language="ar")
    official(rabat, "former@rabat.example.org", active=False)
    official(rabat, "no-account@rabat.example.org", user=False)
    # Oslo has already recommitted: nothing for its officials.
    commit(oslo, old)
    commit(oslo, new)
    official(oslo, "focal@oslo.example.org")
    # An applicant committed to the old version is not a member: not this reminder.
    applicant = factories.MembershipFactory(status=Membership.Status.APPLICANT).local_government
    commit(applicant, old)
    official(applicant, "applicant@example.org")

    assert run(RECOMMIT) == {"sent": 2, "failed": 0, "skipped": 0}
    assert recipients() == ["focal@rabat.example.org", "mayor@rabat.example.org"]
    english = next(m for m in mail.outbox if m.to == ["mayor@rabat.example.org"])
    assert english.subject == "Rabat: please recommit to the new guiding principles"
    assert "(2025)" in english.body
    assert reverse("web:dashboard") in english.body
    assert english.alternatives[0][1] == "text/html"


def test_the_recommitment_reminder_is_sent_once_per_version_even_when_run_twice(rabat, versions):
    commit(rabat, versions[0])
    official(rabat, "mayor@rabat.example.org")
    run(RECOMMIT)
    assert run(RECOMMIT) == {"sent": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1

    # Yet another version later: a new occasion, a new reminder.
    PrincipleVersion.objects.create(label="2026", effective_on=timezone.localdate())
    assert run(RECOMMIT)["sent"] == 1
    assert len(mail.outbox) == 2
    assert ReminderDelivery.objects.filter(rule=RECOMMIT).count() == 2


def test_the_recommitment_reminder_speaks_the_officials_language(rabat, versions):
    rabat.name_ar = "الرباط"
    rabat.save(update_fields=["name_ar"])
    commit(rabat, versions[0])
    official(rabat, "focal@rabat.example.org", language="ar")
    run(RECOMMIT)
    message = mail.outbox[0]
    assert "الرباط" in message.subject
    assert "الرباط" in message.body
    with translation.override("ar"):
        assert reverse("web:dashboard").startswith("/ar/")
        assert reverse("web:dashboard") in message.body
    assert 'lang="ar" dir="rtl"' in message.alternatives[0][0]
    assert ReminderDelivery.objects.get().language == "ar"


def test_nobody_is_reminded_when_no_new_version_is_in_force(rabat):
    only = PrincipleVersion.objects.create(label="2019", effective_on=datetime.date(2019, 1, 1))
    commit(rabat, only)
    official(rabat, "mayor@rabat.example.org")
    # A version that takes effect next month is not in force yet.
    PrincipleVersion.objects.create(
        label="next", effective_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    assert run(RECOMMIT)["sent"] == 0
    assert mail.outbox == []


# --- Applications waiting for staff ---------------------------------------------------


def under_review(name: str, submitted_days_ago: float):
    return factories.MembershipFactory(
        status=Membership.Status.UNDER_REVIEW,
        joined_on=None,
        submitted_at=days_ago(submitted_days_ago),
        local_government__name=name,
    )


def test_staff_are_told_of_applications_waiting_more_than_14_days(
    mu_staff, superuser, official_of_rabat, hub_staff_mena, expert
):
    waiting = under_review("Kiffa", 15)
    under_review("Puno", 13)
    factories.UserFactory(email="staff-elsewhere@example.org", is_staff=True)
    factories.make_mu_staff(email="left@management-unit.example.org", is_active=False)

    assert run(WAITING) == {"sent": 2, "failed": 0, "skipped": 0}
    assert recipients() == sorted([mu_staff.email, superuser.email])
    message = mail.outbox[0]
    assert message.subject == "Application of Kiffa waiting for a decision for 15 days"
    assert reverse("admin:members_membership_change", args=[waiting.pk]) in message.body


def test_staff_without_an_address_are_left_out_as_the_location_emails_leave_them_out(
    mu_staff,
):
    """Both ask User.objects.mu_staff(): an account without an address is no failed email."""
    factories.make_mu_staff(email="")
    under_review("Kiffa", 20)

    assert run(WAITING) == {"sent": 1, "failed": 0, "skipped": 0}
    assert not ReminderDelivery.objects.filter(email="").exists()


def test_the_waiting_reminder_is_sent_once_per_application_and_person(mu_staff):
    under_review("Kiffa", 20)
    run(WAITING)
    assert run(WAITING) == {"sent": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1


def test_the_waiting_reminder_speaks_the_staff_members_language(mu_staff):
    mu_staff.language = "fr"
    mu_staff.save(update_fields=["language"])
    membership = under_review("Kiffa", 20)
    membership.local_government.name_fr = "Kiffa (Mauritanie)"
    membership.local_government.save(update_fields=["name_fr"])
    run(WAITING)
    body = mail.outbox[0].body
    assert "Kiffa (Mauritanie)" in body
    assert "/fr/admin/" in body
    assert ReminderDelivery.objects.get().language == "fr"


def test_a_decided_application_is_no_longer_waiting(mu_staff):
    membership = under_review("Kiffa", 20)
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.MEMBER)
    assert run(WAITING)["sent"] == 0


# --- Incomplete applications ------------------------------------------------------------


def draft(name: str, started_days_ago: float, by, **fields):
    return factories.MembershipFactory(
        status=Membership.Status.APPLICANT,
        joined_on=None,
        application_started_at=days_ago(started_days_ago),
        applied_by=by,
        local_government__name=name,
        **fields,
    )


def test_the_official_who_started_an_application_is_reminded_after_7_days(db):
    starter = factories.UserFactory(email="starter@kiffa.example.org")
    colleague = factories.UserFactory(email="colleague@kiffa.example.org")
    kiffa = draft("Kiffa", 8, starter)
    official(kiffa.local_government, "other@kiffa.example.org")  # did not start it
    draft("Puno", 3, colleague)  # started recently
    draft("Dakar", 10, colleague, submitted_at=days_ago(9))  # sent back after submission
    factories.MembershipFactory(
        status=Membership.Status.UNDER_REVIEW,
        application_started_at=days_ago(30),
        submitted_at=days_ago(20),
        applied_by=colleague,
    )

    assert run(INCOMPLETE) == {"sent": 1, "failed": 0, "skipped": 0}
    assert recipients() == ["starter@kiffa.example.org"]
    message = mail.outbox[0]
    assert message.subject == "Your membership application for Kiffa is not submitted yet"
    assert reverse("web:dashboard") in message.body


def test_the_incomplete_reminder_is_sent_once_per_draft(db):
    starter = factories.UserFactory(email="starter@kiffa.example.org", language="es")
    membership = draft("Kiffa", 8, starter)
    run(INCOMPLETE)
    assert run(INCOMPLETE) == {"sent": 0, "failed": 0, "skipped": 1}
    assert len(mail.outbox) == 1
    assert "/es/" in mail.outbox[0].body

    # Withdrawn, then a new draft started later: that draft gets its own reminder.
    membership.application_started_at = days_ago(7.5)
    membership.save(update_fields=["application_started_at"])
    assert run(INCOMPLETE)["sent"] == 1
    assert len(mail.outbox) == 2


def test_an_inactive_account_is_not_reminded(db):
    draft("Kiffa", 8, factories.UserFactory(email="gone@kiffa.example.org", is_active=False))
    assert run(INCOMPLETE)["sent"] == 0
