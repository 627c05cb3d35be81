"""ISC meetings for ISC members and Management Unit staff (``governance.read_isc_papers``):
meetings with their papers, a calendar file per meeting, and a personal calendar feed
whose address its owner can replace. Everyone else gets 404 (nothing says the page
exists); anonymous visitors are sent to sign in.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scn_portal.accounts.middleware import isc_page, private_answer
from scn_portal.accounts.refusals import Refused

from .. import ics
from ..forms.meetings import TimeZoneForm
from ..models import Meeting, MeetingPaper
from ..selectors.meetings import local_start
from ..selectors.minutes import minutes_visible_to
from ..services import meetings as meeting_services

SESSION_TIME_ZONE = "governance.display_time_zone"


def _require_reader(request) -> None:
    if not rules.has_perm("governance.read_isc_papers", request.user):
        raise Refused


def get_meeting_for_user(request, code) -> Meeting:
    _require_reader(request)
    meeting = Meeting.objects.filter(code=code).first()
    if meeting is None:
        raise Http404
    return meeting


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
        return cls(local=local_start(meeting), utc=meeting.starts_at.astimezone(UTC), viewer=viewer)


def viewer_zone(request) -> str | None:
    """The time zone the reader chose to see meeting times in too, if any."""
    zone = request.session.get(SESSION_TIME_ZONE)
    try:
        return zoneinfo.ZoneInfo(zone).key if zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# --- Meetings ---------------------------------------------------------------------------


@isc_page
@login_required
@require_GET
def meeting_list(request):
    """Upcoming and past meetings with agenda, papers and minutes, in three time zones."""
    _require_reader(request)
    minutes = minutes_visible_to(request.user).order_by("-version")
    zone = viewer_zone(request)
    meetings = Meeting.objects.prefetch_related(
        "papers",
        "agenda_items",
        Prefetch("minutes", queryset=minutes, to_attr="visible_minutes"),
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
            "feed_url": ics.feed_url(request.user),
        },
    )


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
    minutes = minutes_visible_to(request.user).filter(meeting=meeting)
    return render(
        request,
        "governance/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "time": MeetingTime.of(meeting, viewer_zone(request)),
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


# --- The personal calendar feed ---------------------------------------------------------


@private_answer
@require_GET
def meeting_feed(request, token):
    """The personal calendar feed: no sign-in (calendar apps cannot), a signed token.

    Served only while the token is the person's current one (not replaced since) and the
    person may still read the meetings; 404 otherwise.
    """
    user = ics.user_for_token(token)
    if user is None or not rules.has_perm("governance.read_isc_papers", user):
        raise Refused
    meetings = Meeting.objects.order_by("starts_at")
    return _calendar_response(ics.calendar(meetings, name=_("ISC meetings")))


@isc_page
@login_required
@require_POST
def replace_calendar_link(request):
    """A new address for the viewer's calendar feed; the one shown before stops working."""
    if not rules.has_perm("governance.replace_calendar_link", request.user, request.user):
        raise Refused
    meeting_services.replace_calendar_feed_key(user=request.user, actor=request.user)
    messages.success(
        request,
        _(
            "Your calendar link has been replaced: the previous address no longer works. "
            "Subscribe to the new one in your calendar app."
        ),
    )
    return redirect(reverse("governance:meeting_list") + "#calendar-feed")
