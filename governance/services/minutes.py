"""The minutes workflow.

Minutes go draft → circulated for review (with a deadline) → approved → published.
ISC members review circulated minutes in the portal: a comment on one agenda item, or an
overall answer ("no comments" / "approve"), changeable until the deadline. Staff resolve
each comment, record the approval (by the co-chairs or at the next meeting) and publish.
Published minutes never change: a correction is a new version that points to the
previous one and carries a change note; it goes through the same workflow.

Every service here runs in a transaction, locks the minutes it changes, checks its rules
and raises ``GovernanceError`` when one fails; nothing is saved then. Staff's services do
not check who calls them (the admin does); the review services check the reviewer
against ``governance.review_minutes``. Who circulated, approved, published or corrected
is in the audit trail, under the service's event.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

import rules
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from scn_portal.audit.events import audit_event

from ..errors import GovernanceError
from ..models import AgendaItem, Meeting, Minutes, MinutesComment, MinutesItem, MinutesReview
from ..rules import is_isc_member, is_under_review

EDITABLE = (Minutes.Status.DRAFT, Minutes.Status.CIRCULATED)


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


def _status_of(minutes_id: int) -> str:
    return Minutes.objects.filter(pk=minutes_id).values_list("status", flat=True).get()


# --- Drafting ---------------------------------------------------------------------------


def check_minutes_editable(minutes: Minutes) -> None:
    """Drafts and circulated minutes may be edited; approved and published ones never."""
    if not minutes.pk:
        return
    status = _status_of(minutes.pk)
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


@audit_event("minutes_started")
@transaction.atomic
def start_minutes(*, meeting: Meeting, actor) -> Minutes:
    """Draft minutes of ``meeting``, with an empty item per agenda item."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_new_minutes(meeting=meeting)
    minutes = Minutes.objects.create(meeting=meeting, version=1, status=Minutes.Status.DRAFT)
    add_missing_items(minutes=minutes)
    return minutes


@audit_event("minutes_item_written")
@transaction.atomic
def write_minutes_item(*, item: MinutesItem, texts: Mapping[str, str], actor) -> MinutesItem:
    """Set the text of one agenda item in the languages given (``{"en": …, "ar": …}``);
    refused once the minutes are approved or published."""
    minutes = _locked(item.minutes)
    check_minutes_editable(minutes)
    if set(texts) - set(dict(settings.LANGUAGES)):
        raise GovernanceError(_("Unknown language."), code="language")
    names = []
    for language, text in texts.items():
        names.append(build_localized_fieldname("text", language))
        setattr(item, names[-1], text)
    item.save(update_fields=names)
    return item


# --- Circulation and review ------------------------------------------------------------------


def _require_status(minutes: Minutes, status: str, message, code: str) -> None:
    """Refuse with ``message`` (which may name the minutes' ``%(status)s``) unless the
    minutes are ``status``."""
    if minutes.status != status:
        raise GovernanceError(message, code=code, params={"status": minutes.get_status_display()})


@audit_event("minutes_circulated")
@transaction.atomic
def circulate_minutes(*, minutes: Minutes, deadline: datetime | None, actor) -> Minutes:
    """Send draft minutes to the ISC for review until ``deadline`` (in the future)."""
    minutes = _locked(minutes)
    _require_status(
        minutes,
        Minutes.Status.DRAFT,
        _("Only draft minutes can be circulated; these are “%(status)s”."),
        "not_draft",
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
    return minutes


def _check_may_review(minutes: Minutes, reviewer) -> None:
    """``governance.review_minutes``; a refusal says which of its parts failed."""
    if rules.has_perm("governance.review_minutes", reviewer, minutes):
        return
    if not is_isc_member(reviewer):
        raise GovernanceError(_("Only members of the ISC review minutes."), code="not_reviewer")
    if not is_under_review.test(reviewer, minutes):
        raise GovernanceError(_("These minutes are not open for review."), code="not_circulated")
    # What is left of the rule: the deadline has passed.
    raise GovernanceError(
        _("The review closed on %(deadline)s (UTC): comments and answers are no longer accepted."),
        code="deadline_passed",
        params={
            "deadline": date_format(
                timezone.localtime(minutes.review_deadline, UTC), "DATETIME_FORMAT"
            )
        },
    )


@audit_event("minutes_comment_added")
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


@audit_event("minutes_review_recorded")
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


# --- Resolution, approval, publication, correction ----------------------------------------


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
    if _status_of(comment.minutes_id) != Minutes.Status.CIRCULATED:
        raise GovernanceError(
            _("Comments are resolved while the minutes are circulated, not once approved."),
            code="not_circulated",
        )


@audit_event("minutes_comment_resolved")
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


@audit_event("minutes_approved")
@transaction.atomic
def approve_minutes(
    *, minutes: Minutes, how: str, actor, approved_at: datetime | None = None
) -> Minutes:
    """Record the approval (by the co-chairs or at the next meeting); refused while a
    comment is open."""
    minutes = _locked(minutes)
    _require_status(
        minutes,
        Minutes.Status.CIRCULATED,
        _("Only circulated minutes can be approved; these are “%(status)s”."),
        "not_circulated",
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
    return minutes


@audit_event("minutes_published")
@transaction.atomic
def publish_minutes(*, minutes: Minutes, actor) -> Minutes:
    """Make approved minutes public; from now on they never change."""
    minutes = _locked(minutes)
    _require_status(
        minutes,
        Minutes.Status.APPROVED,
        _("Only approved minutes can be published; these are “%(status)s”."),
        "not_approved",
    )
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = actor
    minutes.save(update_fields=["status", "published_at", "published_by"])
    return minutes


@audit_event("minutes_corrected")
@transaction.atomic
def correct_published_minutes(*, minutes: Minutes, change_note: str, actor) -> Minutes:
    """A new draft version of published minutes (items copied, in every language).

    The published version stays as it is and public; the new one goes through review
    and approval again before it is published in its turn.
    """
    minutes = _locked(minutes)
    _require_status(
        minutes,
        Minutes.Status.PUBLISHED,
        _("Only published minutes are corrected with a new version; edit these instead."),
        "not_published",
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
    return new
