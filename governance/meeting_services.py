"""ISC meetings, their papers, and the minutes workflow.

Minutes go draft → circulated for review (with a deadline) → approved → published.
ISC members review circulated minutes in the portal: a comment on one agenda item, or an
overall answer ("no comments" / "approve"), changeable until the deadline. Staff resolve
each comment, record the approval (by the co-chairs or at the next meeting) and publish.
Published minutes never change: a correction is a new version that points to the
previous one and carries a change note; it goes through the same workflow.

Every service here runs in a transaction, locks the row it changes, checks its rules
and raises ``GovernanceError`` (a translated message) when one fails; nothing is saved
then. Services do not check who may call them (views and the admin do), except the review
services, which check that the reviewer sits on the ISC.

Who decided and when: ``Minutes`` holds ``circulated_at``, ``approved_by/at`` and
``published_by/at``; it has no ``circulated_by`` field, so every decision is also
written to the admin history (``LogEntry``), which names the person.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from scn_portal.accounts.rules import is_mu_staff

from .models import (
    AgendaItem,
    CalendarFeedKey,
    IscTerm,
    Meeting,
    MeetingPaper,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesReview,
    new_calendar_feed_key,
)
from .rules import is_isc_member
from .services import GovernanceError

# Who reads meeting papers and circulated minutes in the portal.
may_read_isc_papers = is_isc_member | is_mu_staff

MAX_PAPER_BYTES = 20 * 1024 * 1024
MEETINGS_PER_YEAR = 2

EDITABLE = (Minutes.Status.DRAFT, Minutes.Status.CIRCULATED)


def _log(*, actor, obj, message: str) -> None:
    """The decision in the admin history, with who made it (and when)."""
    if actor is None or not getattr(actor, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


# --- Meetings ------------------------------------------------------------------------------


def meeting_start(*, local: datetime | None, time_zone: str | None) -> datetime:
    """The UTC instant of a meeting that starts at wall-clock ``local`` in ``time_zone``.

    Refused: no time zone (a time alone is ambiguous across 200 cities), an unknown one,
    or a local time that does not exist there (skipped when the clocks go forward).
    """
    if not time_zone or not str(time_zone).strip():
        raise GovernanceError(
            _(
                "Give the meeting's time zone (e.g. Africa/Casablanca): a meeting time "
                "without a time zone means a different hour in every city."
            ),
            code="no_time_zone",
        )
    try:
        zone = zoneinfo.ZoneInfo(str(time_zone).strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise GovernanceError(
            _("“%(zone)s” is not a time zone (e.g. Africa/Casablanca)."),
            code="time_zone",
            params={"zone": time_zone},
        ) from exc
    if local is None:
        raise GovernanceError(_("Give the meeting's start time."), code="no_start")
    if timezone.is_aware(local):
        local = timezone.make_naive(local, zone)
    aware = local.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise GovernanceError(
            _("%(time)s does not exist in %(zone)s (the clocks change then)."),
            code="no_such_time",
            params={"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
        )
    return aware.astimezone(UTC)


def local_start(meeting: Meeting) -> datetime:
    """The meeting's start as wall-clock time in its own time zone (aware)."""
    return meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))


@transaction.atomic
def schedule_meeting(
    *,
    title: str,
    local: datetime,
    time_zone: str,
    format: str,
    actor,
    place: str = "",
    link: str = "",
    duration_minutes: int = 120,
    agenda: list[str] | None = None,
) -> Meeting:
    """Create a meeting (and its agenda) from a local start time and its time zone."""
    starts_at = meeting_start(local=local, time_zone=time_zone)
    meeting = Meeting.objects.create(
        title=title,
        starts_at=starts_at,
        time_zone=time_zone.strip(),
        format=format,
        place=place,
        link=link,
        duration_minutes=duration_minutes,
        created_by=actor,
    )
    for order, item in enumerate(agenda or [], start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=item)
    return meeting


def check_paper_file(file) -> None:
    """A paper must be a plain PDF (checked by its content, not its name) of 20 MB at most."""
    from scn_portal.uploads import check_upload

    try:
        check_upload(file, kind="pdf", max_bytes=MAX_PAPER_BYTES)
    except ValidationError as exc:
        raise GovernanceError(exc.messages[0], code=exc.error_list[0].code) from exc


@transaction.atomic
def add_paper(*, meeting: Meeting, title: str, file, actor) -> MeetingPaper:
    check_paper_file(file)
    return MeetingPaper.objects.create(meeting=meeting, title=title, file=file)


def meetings_per_year(years) -> dict[int, int]:
    counts = dict.fromkeys(years, 0)
    rows = (
        Meeting.objects.filter(starts_at__year__in=list(counts))
        .order_by()  # the default ordering would split the groups
        .values_list("starts_at__year")
        .annotate(n=Count("pk"))
    )
    for year, n in rows:
        counts[year] = n
    return counts


def years_with_too_few_meetings(*, today: date | None = None) -> list[tuple[int, int]]:
    """This year, and each later year with a meeting scheduled, if it has fewer than two."""
    today = today or timezone.localdate()
    later = set(
        Meeting.objects.filter(starts_at__year__gt=today.year).values_list(
            "starts_at__year", flat=True
        )
    )
    counts = meetings_per_year({today.year} | later)
    return [(year, n) for year, n in sorted(counts.items()) if n < MEETINGS_PER_YEAR]


# --- The personal calendar feed --------------------------------------------------------


@transaction.atomic
def replace_calendar_feed_key(*, user, actor) -> CalendarFeedKey:
    """Give ``user`` a new calendar feed address: every earlier one answers 404 from now on.

    The caller checks who may do it (the person themselves on the meetings page, Management
    Unit staff in the admin). The audit trail records when and by whom, never the key.
    """
    now = timezone.now()
    feed_key, created = CalendarFeedKey.objects.select_for_update().get_or_create(
        user=user, defaults={"replaced_at": now, "replaced_by": actor}
    )
    if not created:
        feed_key.key = new_calendar_feed_key()
        feed_key.replaced_at = now
        feed_key.replaced_by = actor
        feed_key.save(update_fields=["key", "replaced_at", "replaced_by"])
    return feed_key


# --- Minutes: drafting ------------------------------------------------------------------


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


def check_minutes_editable(minutes: Minutes) -> None:
    """Drafts and circulated minutes may be edited; approved and published ones never."""
    if not minutes.pk:
        return
    status = Minutes.objects.filter(pk=minutes.pk).values_list("status", flat=True).first()
    if status == Minutes.Status.PUBLISHED:
        raise GovernanceError(
            _(
                "Published minutes cannot be changed. To correct them, create a new version "
                "with a change note; this version stays readable."
            ),
            code="published",
        )
    if status == Minutes.Status.APPROVED:
        raise GovernanceError(
            _("Approved minutes cannot be changed: they are what the ISC approved."),
            code="approved",
        )


def check_new_minutes(*, meeting: Meeting) -> None:
    if Minutes.objects.filter(meeting=meeting).exists():
        raise GovernanceError(
            _(
                "This meeting already has minutes. Edit them, or correct published minutes "
                "with a new version."
            ),
            code="exists",
        )


def add_missing_items(*, minutes: Minutes) -> int:
    """One minutes item per agenda item (an agenda item added later gets its row)."""
    have = set(minutes.items.values_list("agenda_item_id", flat=True))
    missing = [
        MinutesItem(minutes=minutes, agenda_item=item, text="")
        for item in minutes.meeting.agenda_items.all()
        if item.pk not in have
    ]
    MinutesItem.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def start_minutes(*, meeting: Meeting, actor, instance: Minutes | None = None) -> Minutes:
    """Draft minutes of ``meeting``, with an empty item per agenda item.

    ``instance`` lets the admin pass the unsaved object of its add form.
    """
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_new_minutes(meeting=meeting)
    minutes = instance or Minutes(meeting=meeting)
    minutes.meeting = meeting
    minutes.version = 1
    minutes.status = Minutes.Status.DRAFT
    minutes.save()
    add_missing_items(minutes=minutes)
    return minutes


@transaction.atomic
def write_minutes_item(*, item: MinutesItem, language: str, text: str, actor) -> MinutesItem:
    """Set the text of one agenda item in one language; refused once approved/published."""
    minutes = _locked(item.minutes)
    check_minutes_editable(minutes)
    if language not in dict(settings.LANGUAGES):
        raise GovernanceError(_("Unknown language."), code="language")
    name = build_localized_fieldname("text", language)
    setattr(item, name, text)
    item.save(update_fields=[name])
    return item


# --- Minutes: circulation and review ------------------------------------------------------


@transaction.atomic
def circulate_minutes(*, minutes: Minutes, deadline: datetime | None, actor) -> Minutes:
    """Send draft minutes to the ISC for review until ``deadline`` (in the future)."""
    minutes = _locked(minutes)
    if minutes.status != Minutes.Status.DRAFT:
        raise GovernanceError(
            _("Only draft minutes can be circulated; these are “%(status)s”."),
            code="not_draft",
            params={"status": minutes.get_status_display()},
        )
    if deadline is None:
        raise GovernanceError(_("Set a deadline for the review."), code="no_deadline")
    if deadline <= timezone.now():
        raise GovernanceError(_("The review deadline must be in the future."), code="deadline_past")
    unwritten = minutes.items.filter(Q(text_en="") | Q(text_en__isnull=True))
    if not minutes.items.exists() or unwritten.exists():
        raise GovernanceError(
            _(
                "Write the minutes of every agenda item, in English at least, "
                "before circulating them."
            ),
            code="empty",
        )
    minutes.status = Minutes.Status.CIRCULATED
    minutes.review_deadline = deadline
    minutes.circulated_at = timezone.now()
    minutes.save(update_fields=["status", "review_deadline", "circulated_at"])
    _log(
        actor=actor,
        obj=minutes,
        message=f"Circulated for review until {deadline.isoformat()}",
    )
    return minutes


def _check_may_review(minutes: Minutes, reviewer) -> None:
    if not is_isc_member(reviewer):
        raise GovernanceError(_("Only members of the ISC review minutes."), code="not_reviewer")
    if minutes.status != Minutes.Status.CIRCULATED:
        raise GovernanceError(_("These minutes are not open for review."), code="not_circulated")
    if minutes.review_deadline and timezone.now() > minutes.review_deadline:
        raise GovernanceError(
            _(
                "The review closed on %(deadline)s (UTC): comments and answers are no "
                "longer accepted."
            ),
            code="deadline_passed",
            params={
                "deadline": date_format(
                    timezone.localtime(minutes.review_deadline, UTC),
                    "DATETIME_FORMAT",
                )
            },
        )


@transaction.atomic
def comment_on_minutes(
    *, minutes: Minutes, agenda_item: AgendaItem, author, text: str
) -> MinutesComment:
    """A reviewer's comment on one agenda item; counts as their review ("commented")."""
    minutes = _locked(minutes)
    _check_may_review(minutes, author)
    if agenda_item.meeting_id != minutes.meeting_id:
        raise GovernanceError(
            _("That agenda item is not on this meeting's agenda."), code="agenda_item"
        )
    text = (text or "").strip()
    if not text:
        raise GovernanceError(_("Write your comment."), code="empty")
    comment = MinutesComment.objects.create(
        minutes=minutes, agenda_item=agenda_item, author=author, text=text
    )
    review = MinutesReview.objects.filter(minutes=minutes, reviewer=author).first()
    if review is None:
        MinutesReview.objects.create(
            minutes=minutes, reviewer=author, verdict=MinutesReview.Verdict.COMMENTED
        )
    elif review.verdict == MinutesReview.Verdict.NO_COMMENTS:
        review.verdict = MinutesReview.Verdict.COMMENTED
        review.save(update_fields=["verdict", "at"])
    return comment


@transaction.atomic
def record_review(*, minutes: Minutes, reviewer, verdict: str) -> MinutesReview:
    """The reviewer's overall answer ("no comments" or "approve"), changeable until the deadline."""
    minutes = _locked(minutes)
    _check_may_review(minutes, reviewer)
    if verdict not in (MinutesReview.Verdict.NO_COMMENTS, MinutesReview.Verdict.APPROVE):
        raise GovernanceError(_("Choose “No comments” or “Approve”."), code="verdict")
    if (
        verdict == MinutesReview.Verdict.NO_COMMENTS
        and MinutesComment.objects.filter(minutes=minutes, author=reviewer).exists()
    ):
        raise GovernanceError(
            _("You have commented on these minutes, so “No comments” does not apply."),
            code="has_comments",
        )
    review, _created = MinutesReview.objects.update_or_create(
        minutes=minutes, reviewer=reviewer, defaults={"verdict": verdict}
    )
    return review


# --- Minutes: resolution, approval, publication ------------------------------------------


def check_comment_resolution(*, comment: MinutesComment, resolution: str, answer: str) -> None:
    resolutions = {
        MinutesComment.Resolution.ACCEPTED,
        MinutesComment.Resolution.CHANGED,
        MinutesComment.Resolution.DECLINED,
    }
    if resolution not in resolutions:
        raise GovernanceError(
            _("Resolve the comment: accepted, changed or declined."), code="resolution"
        )
    if resolution == MinutesComment.Resolution.DECLINED and not (answer or "").strip():
        raise GovernanceError(
            _("Say why the comment is declined: an answer is required."),
            code="answer_required",
        )
    status = Minutes.objects.filter(pk=comment.minutes_id).values_list("status", flat=True).get()
    if status != Minutes.Status.CIRCULATED:
        raise GovernanceError(
            _("Comments are resolved while the minutes are circulated, not once approved."),
            code="not_circulated",
        )


@transaction.atomic
def resolve_comment(
    *, comment: MinutesComment, resolution: str, answer: str = "", actor
) -> MinutesComment:
    """Staff's resolution of a comment (accepted, changed, declined with an answer)."""
    _locked(comment.minutes)
    comment = MinutesComment.objects.select_for_update().get(pk=comment.pk)
    check_comment_resolution(comment=comment, resolution=resolution, answer=answer)
    comment.resolution = resolution
    comment.answer = (answer or "").strip()
    comment.resolved_by = actor
    comment.resolved_at = timezone.now()
    comment.save(update_fields=["resolution", "answer", "resolved_by", "resolved_at"])
    return comment


@transaction.atomic
def approve_minutes(
    *, minutes: Minutes, how: str, actor, approved_at: datetime | None = None
) -> Minutes:
    """Record the approval (by the co-chairs or at the next meeting); refused while a
    comment is open."""
    minutes = _locked(minutes)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise GovernanceError(
            _("Only circulated minutes can be approved; these are “%(status)s”."),
            code="not_circulated",
            params={"status": minutes.get_status_display()},
        )
    if how not in Minutes.ApprovedBy.values:
        raise GovernanceError(
            _("Record how the minutes were approved: by the co-chairs or at the next meeting."),
            code="how",
        )
    open_comments = minutes.comments.filter(resolution=MinutesComment.Resolution.OPEN).count()
    if open_comments:
        raise GovernanceError(
            _("Resolve the %(n)s open comment(s) before approving the minutes."),
            code="open_comments",
            params={"n": open_comments},
        )
    approved_at = approved_at or timezone.now()
    if approved_at > timezone.now():
        raise GovernanceError(_("The approval cannot be in the future."), code="future")
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_how = how
    minutes.approved_by = actor
    minutes.approved_at = approved_at
    minutes.save(update_fields=["status", "approved_how", "approved_by", "approved_at"])
    _log(actor=actor, obj=minutes, message=f"Approved ({how}) on {approved_at.isoformat()}")
    return minutes


@transaction.atomic
def publish_minutes(*, minutes: Minutes, actor) -> Minutes:
    """Make approved minutes public; from now on they never change."""
    minutes = _locked(minutes)
    if minutes.status != Minutes.Status.APPROVED:
        raise GovernanceError(
            _("Only approved minutes can be published; these are “%(status)s”."),
            code="not_approved",
            params={"status": minutes.get_status_display()},
        )
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = actor
    minutes.save(update_fields=["status", "published_at", "published_by"])
    _log(actor=actor, obj=minutes, message="Published")
    return minutes


@transaction.atomic
def correct_published_minutes(*, minutes: Minutes, change_note: str, actor) -> Minutes:
    """A new draft version of published minutes (items copied, in every language).

    The published version stays as it is and public; the new one goes through review
    and approval again before it is published in its turn.
    """
    minutes = _locked(minutes)
    if minutes.status != Minutes.Status.PUBLISHED:
        raise GovernanceError(
            _("Only published minutes are corrected with a new version; edit these instead."),
            code="not_published",
        )
    if not (change_note or "").strip():
        raise GovernanceError(
            _("Say what the new version changes: a change note is required."),
            code="change_note",
        )
    if Minutes.objects.filter(previous=minutes).exists():
        raise GovernanceError(
            _("This version has already been corrected; correct the latest version."),
            code="corrected",
        )
    latest = (
        Minutes.objects.filter(meeting_id=minutes.meeting_id)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    new = Minutes.objects.create(
        meeting_id=minutes.meeting_id,
        version=latest + 1,
        previous=minutes,
        change_note=change_note.strip(),
        status=Minutes.Status.DRAFT,
    )
    text_fields = [build_localized_fieldname("text", code) for code, _n in settings.LANGUAGES]
    MinutesItem.objects.bulk_create(
        MinutesItem(
            minutes=new,
            agenda_item_id=item.agenda_item_id,
            **{name: getattr(item, name) for name in text_fields},
        )
        for item in minutes.items.all()
    )
    add_missing_items(minutes=new)
    _log(actor=actor, obj=new, message=f"New version of v{minutes.version}: {change_note}")
    return new


# --- Reads ------------------------------------------------------------------------------


def current_isc_users(on: date | None = None):
    """Users who hold a seat today (or ``on``), for review status and reminders."""
    from django.contrib.auth import get_user_model

    terms = IscTerm.objects.current(on).filter(person__user__isnull=False)
    return (
        get_user_model()
        .objects.filter(is_active=True, person__in=terms.values("person"))
        .distinct()
        .order_by("full_name", "email")
    )


def minutes_visible_to(user, *, staff: bool | None = None, member: bool | None = None):
    """Published minutes for everyone; circulated and approved for ISC members; all for staff.

    ``staff`` and ``member`` save the role queries when the caller knows them already.
    """
    qs = Minutes.objects.all()
    if staff if staff is not None else is_mu_staff(user):
        return qs
    if member if member is not None else is_isc_member(user):
        return qs.exclude(status=Minutes.Status.DRAFT)
    return qs.filter(status=Minutes.Status.PUBLISHED)


def languages_of(minutes: Minutes) -> list[str]:
    """The languages every item of ``minutes`` is written in (prefetch ``items``)."""
    items = list(minutes.items.all())
    if not items:
        return []
    return [
        code
        for code, _n in settings.LANGUAGES
        if all((getattr(i, build_localized_fieldname("text", code)) or "").strip() for i in items)
    ]


@dataclass
class ReviewStatus:
    reviews: list[MinutesReview]
    not_reviewed: list
    open_comments: int
    comments: list[MinutesComment] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return len(self.reviews)

    @property
    def members(self) -> int:
        return len(self.reviews) + len(self.not_reviewed)


def review_status(minutes: Minutes) -> ReviewStatus:
    reviews = list(minutes.reviews.select_related("reviewer").order_by("at"))
    reviewed = {r.reviewer_id for r in reviews}
    not_reviewed = [u for u in current_isc_users() if u.pk not in reviewed]
    comments = list(minutes.comments.select_related("author", "agenda_item", "resolved_by"))
    return ReviewStatus(
        reviews=reviews,
        not_reviewed=not_reviewed,
        open_comments=sum(c.resolution == MinutesComment.Resolution.OPEN for c in comments),
        comments=comments,
    )
