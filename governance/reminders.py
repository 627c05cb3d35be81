"""Reminders of the ISC secretariat: meetings, minutes reviews, the meetings a year, terms.

Recipients, and why:
- A meeting in 14 days and in 1 day: every person who sits on the ISC on the meeting's
  day and has an account, plus anyone in the meeting's attendance list who has one.
  Attendance is usually recorded at the meeting, so it cannot be the invitation list.
- Minutes review deadline in 3 days: ISC members who have not answered or commented.
- Fewer than two meetings scheduled for the year, by 1 March and by 1 September:
  Management Unit staff.
- An ISC term ending in 90 and 30 days (not renewed, nor ended early: its holder has
  left the seat then): Management Unit staff and the member, if the member has an account.

Occasions include the date they are about (the meeting's start, the deadline, the term's
end), so a moved meeting or deadline is announced again, and never twice otherwise.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.registry import Due, ReminderRule, register

from .models import IscTerm, Meeting, Minutes
from .selectors.isc import current_isc_users
from .selectors.meetings import MEETINGS_PER_YEAR, local_start, meetings_per_year

MEETING_WINDOWS = ((1, "1d"), (14, "14d"))  # checked shortest first
TERM_WINDOWS = ((30, "30d"), (90, "90d"))
CHECKPOINTS = ((9, 1), (3, 1))  # 1 September, 1 March: the latest one passed counts


def management_unit_staff():
    return get_user_model().objects.mu_staff().exclude(email="").order_by("pk")


def _window(days_left: float, windows) -> str | None:
    for limit, label in windows:
        if days_left <= limit:
            return label
    return None


@register
class IscMeetingSoon(ReminderRule):
    code = "governance.isc_meeting_soon"
    label = _("ISC meeting in 14 days and in 1 day")
    template = "emails/reminders/isc_meeting_soon"

    def due(self):
        now = timezone.now()
        meetings = (
            Meeting.objects.filter(starts_at__gt=now, starts_at__lte=now + timedelta(days=14))
            .prefetch_related("attendance__person__user")
            .order_by("starts_at")
        )
        for meeting in meetings:
            days_left = (meeting.starts_at - now).total_seconds() / 86400
            window = _window(days_left, MEETING_WINDOWS)
            day = meeting.starts_at.date()
            users = {u.pk: u for u in current_isc_users(day)}
            for row in meeting.attendance.all():
                user = row.person.user
                if user is not None and user.is_active:
                    users.setdefault(user.pk, user)
            context = {
                "meeting": meeting,
                "local_start": local_start(meeting),
                "days": 1 if window == "1d" else 14,
            }
            for user in users.values():
                if not user.email:
                    continue
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=f"meeting:{meeting.code}:{window}:{meeting.starts_at:%Y%m%dT%H%M}",
                    context=context,
                )


@register
class MinutesReviewDeadline(ReminderRule):
    code = "governance.minutes_review_deadline"
    label = _("Minutes review closes in 3 days (ISC members who have not reviewed)")
    template = "emails/reminders/isc_minutes_review_deadline"

    def due(self):
        now = timezone.now()
        circulated = Minutes.objects.filter(
            status=Minutes.Status.CIRCULATED,
            review_deadline__gt=now,
            review_deadline__lte=now + timedelta(days=3),
        ).select_related("meeting")
        for minutes in circulated:
            reviewed = set(minutes.reviews.values_list("reviewer_id", flat=True))
            for user in current_isc_users():
                if user.pk in reviewed or not user.email:
                    continue
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=(
                        f"minutes-review:{minutes.code}:{minutes.review_deadline:%Y%m%dT%H%M}"
                    ),
                    context={"minutes": minutes, "meeting": minutes.meeting},
                )


def checkpoint(today: date) -> date | None:
    """The latest of 1 March and 1 September on or before ``today`` in its year."""
    for month, day in CHECKPOINTS:
        if today >= date(today.year, month, day):
            return date(today.year, month, day)
    return None


@register
class TooFewMeetings(ReminderRule):
    code = "governance.too_few_isc_meetings"
    label = _("Fewer than two ISC meetings scheduled for the year (1 March, 1 September)")
    template = "emails/reminders/isc_too_few_meetings"

    def due(self):
        today = timezone.localdate()
        point = checkpoint(today)
        if point is None:
            return
        count = meetings_per_year([today.year])[today.year]
        if count >= MEETINGS_PER_YEAR:
            return
        for user in management_unit_staff():
            yield Due(
                user=user,
                email=user.email,
                occasion=f"too-few-meetings:{point:%Y-%m-%d}",
                context={"year": today.year, "count": count, "checkpoint": point},
            )


@register
class IscTermEnding(ReminderRule):
    code = "governance.isc_term_ending"
    label = _("ISC term ending in 90 and 30 days (not renewed)")
    template = "emails/reminders/isc_term_ending"

    def due(self):
        today = timezone.localdate()
        terms = (
            IscTerm.objects.filter(
                ends_on__gte=today,
                ends_on__lte=today + timedelta(days=90),
                renewal__isnull=True,
                end_reason="",
            )
            .select_related("person__user", "local_government")
            .order_by("ends_on", "pk")
        )
        staff = list(management_unit_staff())
        for term in terms:
            window = _window((term.ends_on - today).days, TERM_WINDOWS)
            occasion = f"isc-term-ending:{term.pk}:{window}:{term.ends_on:%Y-%m-%d}"
            member = term.person.user
            if member is not None and member.is_active and member.email:
                yield Due(
                    user=member,
                    email=member.email,
                    occasion=occasion,
                    context={"term": term, "to_member": True},
                )
            for user in staff:
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=occasion,
                    context={"term": term, "to_member": False},
                )
