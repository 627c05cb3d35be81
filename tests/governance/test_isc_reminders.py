"""Reminders of the ISC secretariat go to the right people, once per occasion."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from governance.models import Attendance, IscTerm, Minutes, MinutesReview
from scn_portal.reminders import registry
from scn_portal.reminders.services import send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db

MEETING = "governance.isc_meeting_soon"
REVIEW = "governance.minutes_review_deadline"
TOO_FEW = "governance.too_few_isc_meetings"
TERM = "governance.isc_term_ending"


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


def run(code: str) -> dict[str, int]:
    return send_due_reminders(rule=registry.get(code))


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_every_rule_has_its_three_templates():
    from django.template.loader import get_template

    for code in (MEETING, REVIEW, TOO_FEW, TERM):
        rule = registry.get(code)
        for suffix in ("_subject.txt", ".txt", ".html"):
            get_template(f"{rule.template}{suffix}")


def test_a_meeting_is_announced_14_days_and_1_day_before_once_each(
    isc_member, official_of_rabat, mu_staff
):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    meeting = factories.MeetingFactory(
        title_en="Autumn meeting", starts_at=starts_at, time_zone="Asia/Tokyo"
    )
    assert run(MEETING)["sent"] == 1
    assert recipients() == [isc_member.email]
    message = mail.outbox[0]
    assert "Autumn meeting" in message.subject
    assert str(meeting.code) in message.body and "Asia/Tokyo" in message.body
    assert run(MEETING) == {"sent": 0, "failed": 0, "skipped": 1}
    with time_machine.travel(starts_at - datetime.timedelta(hours=20), tick=False):
        assert run(MEETING)["sent"] == 1
        assert "tomorrow" in mail.outbox[-1].subject
        assert run(MEETING)["sent"] == 0
    with time_machine.travel(starts_at + datetime.timedelta(hours=1), tick=False):
        assert run(MEETING)["sent"] == 0  # it has started


def test_a_meeting_reminder_also_goes_to_people_in_the_attendance_list(isc_member, expert):
    meeting = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    Attendance.objects.create(meeting=meeting, person=expert.person, status="represented")
    run(MEETING)
    assert recipients() == sorted([isc_member.email, expert.email])


def test_a_moved_meeting_is_announced_again(isc_member):
    meeting = factories.MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    run(MEETING)
    meeting.starts_at += datetime.timedelta(days=2)
    meeting.save()
    assert run(MEETING)["sent"] == 1


def test_the_review_deadline_reminds_only_members_who_have_not_reviewed(isc_member, oslo):
    reviewed = factories.make_isc_member(oslo, email="mayor@oslo.example.org")
    minutes = factories.make_minutes(status="circulated")
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=5)
    minutes.save()
    MinutesReview.objects.create(minutes=minutes, reviewer=reviewed, verdict="approve")
    assert run(REVIEW)["sent"] == 0  # more than 3 days left
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=12)):
        assert run(REVIEW)["sent"] == 1
        assert recipients() == [isc_member.email]
        assert "3 days left" in mail.outbox[0].subject
        assert run(REVIEW)["sent"] == 0


def test_no_review_reminder_for_minutes_that_are_not_circulated(isc_member):
    minutes = factories.make_minutes(status="approved")
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=2)
    minutes.save()
    assert minutes.status == Minutes.Status.APPROVED
    assert run(REVIEW)["sent"] == 0


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


def test_staff_hear_by_1_march_and_1_september_when_fewer_than_two_meetings(mu_staff, isc_member):
    factories.MeetingFactory(starts_at=at(2026, 6, 1))
    with time_machine.travel(at(2026, 2, 27), tick=False):
        assert run(TOO_FEW)["sent"] == 0
    with time_machine.travel(at(2026, 3, 1), tick=False):
        assert run(TOO_FEW)["sent"] == 1
        assert recipients() == [mu_staff.email]
        assert "Only 1 ISC meeting(s) scheduled for 2026" in mail.outbox[0].subject
    with time_machine.travel(at(2026, 3, 20), tick=False):
        assert run(TOO_FEW)["sent"] == 0
    with time_machine.travel(at(2026, 9, 2), tick=False):
        assert run(TOO_FEW)["sent"] == 1
        assert run(TOO_FEW)["sent"] == 0


def test_no_warning_when_two_meetings_are_scheduled(mu_staff):
    factories.MeetingFactory(starts_at=at(2026, 6, 1))
    factories.MeetingFactory(starts_at=at(2026, 11, 1))
    with time_machine.travel(at(2026, 9, 2), tick=False):
        assert run(TOO_FEW)["sent"] == 0


def test_a_term_ending_reminds_staff_and_the_member_at_90_and_30_days(isc_member, mu_staff):
    term = IscTerm.objects.get(person__user=isc_member)
    ends = term.ends_on
    day = datetime.datetime.combine(ends, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(day - datetime.timedelta(days=91), tick=False):
        assert run(TERM)["sent"] == 0
    with time_machine.travel(day - datetime.timedelta(days=85), tick=False):
        assert run(TERM)["sent"] == 2
        assert recipients() == sorted([isc_member.email, mu_staff.email])
        to_member = next(m for m in mail.outbox if m.to == [isc_member.email])
        assert to_member.subject.startswith("Your term on the ISC ends on")
        assert run(TERM)["sent"] == 0
    with time_machine.travel(day - datetime.timedelta(days=29), tick=False):
        assert run(TERM)["sent"] == 2
        assert run(TERM)["sent"] == 0
    assert len(mail.outbox) == 4


def test_a_renewed_term_is_not_reminded(isc_member, mu_staff):
    term = IscTerm.objects.get(person__user=isc_member)
    IscTerm.objects.create(
        person=term.person,
        local_government=term.local_government,
        starts_on=term.ends_on + datetime.timedelta(days=1),
        ends_on=term.ends_on + datetime.timedelta(days=730),
        previous=term,
    )
    day = datetime.datetime.combine(term.ends_on, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(day - datetime.timedelta(days=20), tick=False):
        assert run(TERM)["sent"] == 0


def test_a_term_ended_early_is_not_reminded(isc_member, mu_staff):
    from governance.services.isc import end_isc_term

    term = IscTerm.objects.get(person__user=isc_member)
    end_isc_term(
        term=term,
        ends_on=timezone.localdate() + datetime.timedelta(days=20),
        reason=IscTerm.EndReason.STEPPED_DOWN,
        actor=mu_staff,
    )
    assert run(TERM)["sent"] == 0


def test_a_member_without_an_account_is_not_emailed_but_staff_are(mu_staff, the_hague):
    term = factories.IscTermFactory(
        local_government=the_hague, ends_on=timezone.localdate() + datetime.timedelta(days=40)
    )
    assert term.person.user is None
    run(TERM)
    assert recipients() == [mu_staff.email]
