"""Minutes: published ones for everyone, in each language they are written in, with
earlier versions and a PDF; circulated ones for ISC members to review, and for staff
(``governance.read_minutes``, ``governance.review_minutes``)."""

from dataclasses import dataclass

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scn_portal.accounts.middleware import isc_page, refuse_without_second_factor
from scn_portal.accounts.refusals import Refused
from scn_portal.web.page_cache import public_page

from ..errors import GovernanceError
from ..forms.minutes import CommentForm, ReviewForm
from ..models import Minutes, MinutesReview
from ..reports import minutes_pdf_bytes, minutes_pdf_filename
from ..selectors.minutes import (
    languages_of,
    minutes_visible_to,
    newer_published_version,
    review_status,
)
from ..services import minutes as minutes_services
from .meetings import MeetingTime


def get_minutes_for_user(request, code) -> Minutes:
    """The minutes with this ``code`` if the person may read them; 404 otherwise, the same
    as for minutes that do not exist."""
    minutes = (
        Minutes.objects.select_related("meeting", "previous", "approved_by", "published_by")
        .filter(code=code)
        .first()
    )
    if minutes is None:
        raise Http404
    if not rules.has_perm("governance.read_minutes", request.user, minutes):
        raise Refused
    return minutes


@require_GET
@public_page
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
            {"minutes": minutes, "languages": _language_names(languages_of(minutes))}
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
@public_page
def minutes_detail(request, code):
    minutes = get_minutes_for_user(request, code)
    if minutes.status != Minutes.Status.PUBLISHED:
        # A draft under review is one of the ISC's private pages (see the middleware).
        refused = refuse_without_second_factor(request)
        if refused is not None:
            return refused
    language = translation.get_language()
    items = list(minutes.items.select_related("agenda_item"))
    available = languages_of(minutes)
    shown_in = language if language in available else settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    reviewing = minutes.status != Minutes.Status.PUBLISHED
    status = review_status(minutes) if reviewing else None
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
    versions = minutes_visible_to(request.user).filter(meeting_id=minutes.meeting_id)
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
        "newer": newer_published_version(minutes),
        "status": status,
        "pdf_url": None,
    }
    if minutes.status == Minutes.Status.PUBLISHED and language in available:
        context["pdf_url"] = reverse("governance:minutes_pdf", kwargs={"code": minutes.code})
    if reviewing:
        mine = next((r for r in status.reviews if r.reviewer_id == request.user.pk), None)
        context.update(
            {
                "can_review": rules.has_perm("governance.review_minutes", request.user, minutes),
                "deadline_passed": minutes.review_deadline is not None
                and timezone.now() > minutes.review_deadline,
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


def _answer(request, minutes: Minutes, anchor: str, service, done: str, **arguments):
    """Call the review ``service``; its refusal, or ``done``, is shown on the minutes."""
    try:
        service(minutes=minutes, **arguments)
    except GovernanceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return _back_to(minutes, anchor)


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
    return _answer(
        request,
        minutes,
        f"#item-{agenda_item.pk}",
        minutes_services.comment_on_minutes,
        _("Your comment has been recorded."),
        agenda_item=agenda_item,
        author=request.user,
        text=form.cleaned_data["text"],
    )


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
    return _answer(
        request,
        minutes,
        "#review",
        minutes_services.record_review,
        _("Your answer has been recorded."),
        reviewer=request.user,
        verdict=form.cleaned_data["verdict"],
    )


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
    if minutes is None or language not in languages_of(minutes):
        raise Http404
    response = HttpResponse(minutes_pdf_bytes(minutes, language), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{minutes_pdf_filename(minutes, language)}"'
    )
    return response
