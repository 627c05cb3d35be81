"""The help desk's pages: a city official asks and follows their city's requests in the
portal; hub staff, the Management Unit and assigned experts answer them in staff pages.

A request someone may not see answers 404 (another city's, another hub's), the same as a
code nobody knows. Internal notes are never shown on the city's pages nor downloadable
by the city.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.views.portal import get_city_for_user
from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused

from ..forms.helpdesk import AskForm, AssignForm, CloseForm, ReplyForm, StaffReplyForm
from ..models import HelpAttachment, HelpRequest
from ..selectors.helpdesk import (
    assignees_for,
    may_handle_requests,
    requests_handled_by,
    requests_of_city,
)
from ..services import helpdesk as services

REQUESTS_PER_PAGE = 25


def _get_request(request, code, permission: str) -> HelpRequest:
    help_request = (
        HelpRequest.objects.select_related("local_government", "hub", "assigned_to", "asked_by")
        .filter(code=code)
        .first()
    )
    if help_request is None:
        raise Http404
    if not rules.has_perm(permission, request.user, help_request):
        raise Refused
    return help_request


def _thread(help_request: HelpRequest, *, internal: bool):
    thread = help_request.messages.select_related("author").prefetch_related("attachments")
    return thread if internal else thread.filter(is_internal=False)


def _act(request, form, action) -> bool:
    """Run ``action`` if ``form`` is valid; a refusal shows on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return False
    return True


def _run(request, service, help_request) -> bool:
    """Run a one-button ``service``; a refusal is shown as a message."""
    try:
        service(help_request=help_request, actor=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return False
    return True


# --- The city's pages ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def city_help_desk(request, code):
    """The city's requests and the form to ask a new one (its officials only)."""
    city = get_city_for_user(request, code, "hubs.ask_help_desk")
    form = AskForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        created = []

        def ask(data):
            created.append(
                services.ask_help_desk(
                    city=city,
                    actor=request.user,
                    category=data["category"],
                    subject=data["subject"],
                    body=data["body"],
                    files=data["files"],
                )
            )

        if _act(request, form, ask):
            messages.success(request, _("Your request is sent to the help desk."))
            return redirect("hubs:help_request", code=created[0].code)
    return render(
        request,
        "hubs/helpdesk/city_help_desk.html",
        {"city": city, "form": form, "requests": requests_of_city(city)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def help_request_page(request, code):
    """One request as the city sees it: the thread without internal notes; reply, close
    with a rating, or reopen."""
    help_request = _get_request(request, code, "hubs.follow_help_request")
    reply = ReplyForm(None)
    close = CloseForm(None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply":
            reply = ReplyForm(request.POST, request.FILES)
            done = _act(
                request,
                reply,
                lambda d: services.reply_as_city(
                    help_request=help_request,
                    actor=request.user,
                    body=d["body"],
                    files=d["files"],
                ),
            )
        elif action == "close":
            close = CloseForm(request.POST)
            done = _act(
                request,
                close,
                lambda d: services.close_help_request(
                    help_request=help_request,
                    actor=request.user,
                    rating=d["rating"],
                    comment=d["comment"],
                ),
            )
        elif action == "reopen":
            done = _run(request, services.reopen_help_request, help_request)
        else:
            raise Http404
        if done:
            return redirect("hubs:help_request", code=help_request.code)
    return render(
        request,
        "hubs/helpdesk/help_request.html",
        {
            "help_request": help_request,
            "thread": _thread(help_request, internal=False),
            "reply": reply,
            "close": close,
            "S": HelpRequest.Status,
        },
    )


@login_required
@require_GET
def attachment_download(request, code):
    """An attachment, to whoever may read its message (never the city for a note)."""
    attachment = (
        HelpAttachment.objects.select_related(
            "message__request__local_government", "message__request__hub"
        )
        .filter(code=code)
        .first()
    )
    if attachment is None:
        raise Http404
    help_request = attachment.message.request
    handles = rules.has_perm("hubs.handle_help_request", request.user, help_request)
    follows = not attachment.message.is_internal and rules.has_perm(
        "hubs.follow_help_request", request.user, help_request
    )
    if not (handles or follows):
        raise Refused
    extension = attachment.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"attachment-{attachment.pk}.{extension}",
        content_type={"pdf": "application/pdf", "png": "image/png"}.get(extension, "image/jpeg"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Staff pages ---------------------------------------------------------------------------


@staff_page
@login_required
@require_GET
def staff_help_desk(request):
    """The requests this person handles, open ones first, filterable by status (staff,
    and experts for the requests assigned to them)."""
    if not may_handle_requests(request.user):
        raise Refused
    requests = requests_handled_by(request.user)
    status = request.GET.get("status")
    if status in HelpRequest.Status.values:
        requests = requests.filter(status=status)
    elif status != "all":
        requests = requests.open()
    page = Paginator(requests.order_by("first_response_due", "pk"), REQUESTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hubs/helpdesk/staff_help_desk.html",
        {"page_obj": page, "statuses": HelpRequest.Status.choices, "status": status},
    )


@staff_page
@login_required
@require_http_methods(["GET", "POST"])
def staff_help_request(request, code):
    """One request as its handlers see it: the whole thread with internal notes; answer,
    write a note, assign, start or close."""
    help_request = _get_request(request, code, "hubs.handle_help_request")
    reply = StaffReplyForm(None)
    assign = AssignForm(None, assignees=assignees_for(help_request))
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply":
            reply = StaffReplyForm(request.POST, request.FILES)
            done = _act(
                request,
                reply,
                lambda d: services.reply_as_staff(
                    help_request=help_request,
                    actor=request.user,
                    body=d["body"],
                    internal=d["internal"],
                    files=d["files"],
                ),
            )
        elif action == "assign":
            assign = AssignForm(request.POST, assignees=assignees_for(help_request))
            done = _act(
                request,
                assign,
                lambda d: services.assign_help_request(
                    help_request=help_request, assignee=d["assignee"], actor=request.user
                ),
            )
        elif action in ("start", "close"):
            service = services.start_work if action == "start" else services.close_help_request
            done = _run(request, service, help_request)
        else:
            raise Http404
        if done:
            return redirect("hubs:staff_help_request", code=help_request.code)
    return render(
        request,
        "hubs/helpdesk/staff_help_request.html",
        {
            "help_request": help_request,
            "thread": _thread(help_request, internal=True),
            "reply": reply,
            "assign": assign,
            "S": HelpRequest.Status,
        },
    )
