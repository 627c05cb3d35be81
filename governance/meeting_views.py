"""ISC meetings and minutes in the portal, and the public pages of the ISC's documents.

- ISC members and Management Unit staff: meetings with their papers, a calendar file per
  meeting, a personal calendar feed (whose address they can replace), and circulated
  minutes to review. Everyone else gets 404 (nothing says the page exists); anonymous
  visitors are sent to sign in.
- Everyone: the terms of reference in force and earlier versions; published minutes, in
  each language they are written in, with earlier versions and a PDF.

Views are thin: they find the object through a ``get_…_for_user`` helper (404 when the
person may not see it) and call ``meeting_services``; every change is a POST.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scn_portal.accounts.middleware import (
    isc_page,
    private_answer,
    refuse_without_second_factor,
)
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff

from . import ics, meeting_services
from .meeting_forms import CommentForm, ReviewForm, TimeZoneForm
from .models import Meeting, MeetingPaper, Minutes, MinutesReview, TermsOfReference
from .reports import minutes_pdf_bytes, minutes_pdf_filename
from .rules import is_isc_member
from .services import GovernanceError

SESSION_TIME_ZONE = "governance.display_time_zone"


@dataclass
class Viewer:
    staff: bool
    member: bool

    @property
    def reads_papers(self) -> bool:
        return self.staff or self.member


def _viewer(request) -> Viewer:
    if not hasattr(request, "_isc_viewer"):
        user = request.user
        request._isc_viewer = Viewer(staff=is_mu_staff(user), member=is_isc_member(user))
    return request._isc_viewer


def _visible_minutes(request):
    viewer = _viewer(request)
    return meeting_services.minutes_visible_to(
        request.user, staff=viewer.staff, member=viewer.member
    )


def _require_reader(request) -> Viewer:
    viewer = _viewer(request)
    if not viewer.reads_papers:
        raise Refused
    return viewer


def get_meeting_for_user(request, code) -> Meeting:
    _require_reader(request)
    meeting = Meeting.objects.filter(code=code).first()
    if meeting is None:
        raise Http404
    return meeting


def get_minutes_for_user(request, code) -> Minutes:
    """Published minutes for anyone; circulated and approved ones for ISC members and
    staff; drafts for staff only. 404 otherwise, the same as for minutes that do not exist."""
    minutes = (
        Minutes.objects.select_related("meeting", "previous", "approved_by", "published_by")
        .filter(code=code)
        .first()
    )
    if minutes is None:
        raise Http404
    if minutes.status == Minutes.Status.PUBLISHED:
        return minutes
    viewer = _viewer(request)
    if viewer.staff or (viewer.member and minutes.status != Minutes.Status.DRAFT):
        return minutes
    raise Refused


# --- Times ------------------------------------------------------------------------------


@dataclass
class MeetingTime:
    local: datetime
    utc: datetime
    viewer: datetime | None

    @classmethod
    def of(cls, meeting: Meeting, viewer_zone: str | None) -> "MeetingTime":
        viewer = None
        if viewer_zone and viewer_zone != meeting.time_zone:
            viewer = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(viewer_zone))
        return cls(
            local=meeting_services.local_start(meeting),
            utc=meeting.starts_at.astimezone(UTC),
            viewer=viewer,
        )


def _viewer_zone(request) -> str | None:
    zone = request.session.get(SESSION_TIME_ZONE)
    try:
        return zoneinfo.ZoneInfo(zone).key if zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# --- Meetings (ISC members and staff) ---------------------------------------------------


@isc_page
@login_required
@require_GET
def meeting_list(request):
    """Upcoming and past meetings with agenda, papers and minutes, in three time zones."""
    viewer = _require_reader(request)
    minutes = _visible_minutes(request)
    zone = _viewer_zone(request)
    meetings = Meeting.objects.prefetch_related(
        "papers",
        "agenda_items",
        _prefetch_minutes(minutes.order_by("-version")),
    ).order_by("-starts_at")
    now = timezone.now()
    rows = [(m, MeetingTime.of(m, zone)) for m in meetings]
    return render(
        request,
        "governance/meetings/meeting_list.html",
        {
            "upcoming": [r for r in reversed(rows) if r[0].starts_at >= now],
            "past": [r for r in rows if r[0].starts_at < now],
            "zone_form": TimeZoneForm(initial={"time_zone": zone or ""}),
            "viewer_zone": zone,
            "feed_url": ics.feed_url(request.user) if viewer.member or viewer.staff else None,
        },
    )


def _prefetch_minutes(queryset):
    return Prefetch("minutes", queryset=queryset, to_attr="visible_minutes")


@isc_page
@login_required
@require_POST
def meeting_time_zone(request):
    """Remember (in the session) a time zone to show meeting times in."""
    _require_reader(request)
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        zone = form.cleaned_data["time_zone"]
        if zone:
            request.session[SESSION_TIME_ZONE] = zone
        else:
            request.session.pop(SESSION_TIME_ZONE, None)
    else:
        messages.error(request, _("Choose a time zone from the list."))
    return redirect("governance:meeting_list")


@isc_page
@login_required
@require_GET
def meeting_detail(request, code):
    meeting = get_meeting_for_user(request, code)
    minutes = _visible_minutes(request).filter(meeting=meeting)
    return render(
        request,
        "governance/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "time": MeetingTime.of(meeting, _viewer_zone(request)),
            "agenda": meeting.agenda_items.all(),
            "papers": meeting.papers.all(),
            "attendance": meeting.attendance.select_related("person"),
            "minutes": minutes.order_by("-version"),
        },
    )


@isc_page
@login_required
@require_GET
def paper_download(request, code):
    """A meeting paper, for ISC members and staff only, always as a download."""
    _require_reader(request)
    paper = MeetingPaper.objects.select_related("meeting").filter(code=code).first()
    if paper is None or not paper.file:
        raise Http404
    name = slugify(paper.title)[:80] or "paper"
    response = FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _calendar_response(body: str, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@isc_page
@login_required
@require_GET
def meeting_ics(request, code):
    meeting = get_meeting_for_user(request, code)
    return _calendar_response(
        ics.meeting_calendar(meeting),
        filename=f"isc-meeting-{meeting.starts_at:%Y-%m-%d}.ics",
    )


@private_answer
@require_GET
def meeting_feed(request, token):
    """The personal calendar feed: no sign-in (calendar apps cannot), a signed token.

    Served only while the token is the person's current one (not replaced since) and the
    person sits on the ISC or is staff; 404 otherwise.
    """
    user = ics.user_for_token(token)
    if user is None or not (is_isc_member(user) or is_mu_staff(user)):
        raise Refused
    meetings = Meeting.objects.order_by("starts_at")
    return _calendar_response(ics.calendar(meetings, name=_("ISC meetings")))


@isc_page
@login_required
@require_POST
def replace_calendar_link(request):
    """A new address for the viewer's calendar feed; the one shown before stops working."""
    _require_reader(request)
    meeting_services.replace_calendar_feed_key(user=request.user, actor=request.user)
    messages.success(
        request,
        _(
            "Your calendar link has been replaced: the previous address no longer works. "
            "Subscribe to the new one in your calendar app."
        ),
    )
    return redirect(reverse("governance:meeting_list") + "#calendar-feed")


# --- Terms of reference (public) -------------------------------------------------------


def _terms_versions():
    return TermsOfReference.objects.filter(effective_on__lte=timezone.localdate())


@require_GET
def terms_of_reference(request, effective_on: str | None = None):
    versions = list(_terms_versions().order_by("-effective_on"))
    if effective_on is None:
        shown = versions[0] if versions else None
    else:
        try:
            day = date.fromisoformat(effective_on)
        except ValueError as exc:
            raise Http404 from exc
        shown = next((v for v in versions if v.effective_on == day), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "governance/meetings/terms_of_reference.html",
        {
            "terms": shown,
            "current": versions[0] if versions else None,
            "versions": versions,
        },
    )


# --- Minutes -----------------------------------------------------------------------------


@require_GET
def minutes_list(request):
    """Published minutes, newest meeting first, each with its versions and languages."""
    published = (
        Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
        .select_related("meeting")
        .prefetch_related("items")
        .order_by("-meeting__starts_at", "-version")
    )
    meetings: dict[int, dict] = {}
    for minutes in published:
        entry = meetings.setdefault(
            minutes.meeting_id, {"meeting": minutes.meeting, "versions": []}
        )
        entry["versions"].append(
            {
                "minutes": minutes,
                "languages": _language_names(meeting_services.languages_of(minutes)),
            }
        )
    return render(
        request, "governance/meetings/minutes_list.html", {"meetings": list(meetings.values())}
    )


def _language_names(codes: list[str]) -> list[dict]:
    names = dict(settings.LANGUAGES)
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "label": names[code],
        }
        for code in codes
    ]


@dataclass
class ItemText:
    agenda_item: object
    text: str
    language: str
    comments: list


@require_GET
def minutes_detail(request, code):
    minutes = get_minutes_for_user(request, code)
    if minutes.status != Minutes.Status.PUBLISHED:
        # A draft under review is one of the ISC's private pages (see the middleware).
        refused = refuse_without_second_factor(request)
        if refused is not None:
            return refused
    language = translation.get_language()
    items = list(minutes.items.select_related("agenda_item"))
    available = meeting_services.languages_of(minutes)
    shown_in = language if language in available else settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    reviewing = minutes.status != Minutes.Status.PUBLISHED
    status = meeting_services.review_status(minutes) if reviewing else None
    by_item: dict[int, list] = {}
    for comment in status.comments if status else []:
        by_item.setdefault(comment.agenda_item_id, []).append(comment)
    texts = [
        ItemText(
            agenda_item=item.agenda_item,
            text=getattr(item, f"text_{shown_in}") or "",
            language=shown_in,
            comments=by_item.get(item.agenda_item_id, []),
        )
        for item in items
    ]
    versions = _visible_minutes(request).filter(meeting_id=minutes.meeting_id)
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "time": MeetingTime.of(minutes.meeting, None),
        "items": texts,
        "shown_in": shown_in,
        "missing_language": language not in available,
        "languages": [
            {**row, "url": translate_url(request.path, row["code"])}
            for row in _language_names(available)
        ],
        "versions": versions.order_by("-version"),
        "status": status,
        "pdf_url": None,
    }
    if minutes.status == Minutes.Status.PUBLISHED and language in available:
        context["pdf_url"] = reverse("governance:minutes_pdf", kwargs={"code": minutes.code})
    if reviewing:
        now = timezone.now()
        open_for_review = (
            minutes.status == Minutes.Status.CIRCULATED
            and minutes.review_deadline is not None
            and now <= minutes.review_deadline
        )
        mine = next((r for r in status.reviews if r.reviewer_id == request.user.pk), None)
        context.update(
            {
                "can_review": open_for_review and _viewer(request).member,
                "deadline_passed": minutes.review_deadline is not None
                and now > minutes.review_deadline,
                "my_review": mine,
                "review_form": ReviewForm(initial={"verdict": mine.verdict if mine else None}),
                "Verdict": MinutesReview.Verdict,
            }
        )
    return render(request, "governance/meetings/minutes_detail.html", context)


def _get_minutes_under_review(request, code) -> Minutes:
    minutes = get_minutes_for_user(request, code)
    if minutes.status == Minutes.Status.PUBLISHED:
        raise Http404
    return minutes


def _back_to(minutes: Minutes, anchor: str = "") -> HttpResponse:
    url = reverse("governance:minutes_detail", kwargs={"code": minutes.code})
    return redirect(f"{url}{anchor}")


@isc_page
@login_required
@require_POST
def minutes_comment(request, code):
    """An ISC member's comment on one agenda item of circulated minutes."""
    minutes = _get_minutes_under_review(request, code)
    form = CommentForm(request.POST, minutes=minutes)
    if not form.is_valid():
        messages.error(request, _("Choose an agenda item and write your comment."))
        return _back_to(minutes)
    agenda_item = form.cleaned_data["agenda_item"]
    try:
        meeting_services.comment_on_minutes(
            minutes=minutes,
            agenda_item=agenda_item,
            author=request.user,
            text=form.cleaned_data["text"],
        )
    except GovernanceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your comment has been recorded."))
    return _back_to(minutes, f"#item-{agenda_item.pk}")


@isc_page
@login_required
@require_POST
def minutes_review(request, code):
    """An ISC member's overall answer: no comments, or approve."""
    minutes = _get_minutes_under_review(request, code)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “No comments” or “Approve”."))
        return _back_to(minutes)
    try:
        meeting_services.record_review(
            minutes=minutes, reviewer=request.user, verdict=form.cleaned_data["verdict"]
        )
    except GovernanceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your answer has been recorded."))
    return _back_to(minutes, "#review")


@require_GET
def minutes_pdf(request, code):
    """Published minutes as a PDF in the page's language; no account needed.

    Rendered here rather than through a report request: a report request belongs to
    a signed-in requester and is fetched later, while this is a public one-meeting
    document. Published minutes never change, so the PDF is cached per language.
    """
    minutes = (
        Minutes.objects.select_related("meeting")
        .prefetch_related("items")
        .filter(code=code, status=Minutes.Status.PUBLISHED)
        .first()
    )
    language = translation.get_language()
    if minutes is None or language not in meeting_services.languages_of(minutes):
        raise Http404
    response = HttpResponse(minutes_pdf_bytes(minutes, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{minutes_pdf_filename(minutes, language)}"'
    )
    return response
