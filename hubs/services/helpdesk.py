"""The help desk: a city official asks, the hub serving the city (or the central team)
answers in a thread, internal notes stay with staff, the city closes and rates.

Every service checks its own invariants and raises ``ValidationError`` with a translated
message; the views check who may act (``hubs.rules``) before calling them. Emails go once
the change is committed, through the task ``hubs.notify_help_desk``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import LocalGovernment
from scn_portal.audit.events import audit_event
from scn_portal.uploads import JPEG_MAGIC, PDF_MAGIC, PNG_MAGIC, check_upload

from ..models import CentralTeam, HelpAttachment, HelpMessage, HelpRequest, Hub, HubStaff
from ..selectors.coverage import hub_for_city

S = HelpRequest.Status
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5


def check_attachment(file) -> str:
    """Refuse anything but a PDF, PNG or JPEG of at most 10 MB (judged by content);
    return the extension to store it under."""
    head = file.read(16)
    file.seek(0)
    if head.startswith(PDF_MAGIC):
        check_upload(file, kind="pdf", max_bytes=MAX_ATTACHMENT_BYTES)
        return "pdf"
    if head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC):
        check_upload(file, kind="image", max_bytes=MAX_ATTACHMENT_BYTES)
        return "png" if head.startswith(PNG_MAGIC) else "jpg"
    raise ValidationError(
        _("Attach a PDF document or a PNG or JPEG image."), code="attachment_type"
    )


def _attach(message: HelpMessage, files) -> None:
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(count)s files per message.") % {"count": MAX_ATTACHMENTS},
            code="too_many_attachments",
        )
    # Every file is checked before any is stored: a refusal leaves no file behind.
    checked = [(file, check_attachment(file)) for file in files]
    for file, extension in checked:
        attachment = HelpAttachment(
            message=message, name=(file.name or "file")[:200], size=file.size or 0
        )
        attachment.file.save(f"attachment.{extension}", file, save=False)
        attachment.save()


def _notify(event: str, help_request: HelpRequest, message: HelpMessage | None = None) -> None:
    from ..tasks import notify_help_desk

    transaction.on_commit(
        lambda: notify_help_desk.delay(
            event=event,
            request_id=help_request.pk,
            message_id=message.pk if message else None,
        )
    )


def first_response_hours(hub: Hub | None) -> int:
    """The first-response target staff set: the hub's, or the central team's where no hub
    serves the city (``hub`` None)."""
    return hub.first_response_hours if hub else CentralTeam.load().first_response_hours


def first_response_due(hub: Hub | None, *, at: datetime.datetime) -> datetime.datetime:
    return at + datetime.timedelta(hours=first_response_hours(hub))


def retime_waiting_requests(*, hub: Hub | None) -> int:
    """After staff changed a target: the requests of ``hub`` (None: the central team's)
    still waiting for their first answer are due at their asking time plus the new
    target. Answered requests keep the target they were answered against, so the figures
    of past periods stay as they were reported. Returns how many were re-timed."""
    hours = first_response_hours(hub)
    waiting = HelpRequest.objects.awaiting_first_response().filter(
        **({"hub": hub} if hub is not None else {"hub__isnull": True})
    )
    return waiting.update(first_response_due=F("created_at") + datetime.timedelta(hours=hours))


def _check_target(hours) -> None:
    if hours is None or hours < 1:
        raise ValidationError(
            _("The first response target is at least one hour."), code="first_response_hours"
        )


@audit_event("central_team_changed")
@transaction.atomic
def save_central_team(*, team: CentralTeam, actor) -> CentralTeam:
    """Staff set the central team's first-response target; the requests it still owes a
    first answer are re-timed."""
    _check_target(team.first_response_hours)
    team.pk = CentralTeam.SINGLETON_PK
    team.save()
    retime_waiting_requests(hub=None)
    return team


@audit_event("help_request_asked")
@transaction.atomic
def ask_help_desk(
    *, city: LocalGovernment, actor, category: str, subject: str, body: str, files=()
) -> HelpRequest:
    """A new request from an official of ``city`` (the caller checks they act for it),
    routed to the hub serving the city today, or the central team."""
    if not body.strip() or not subject.strip():
        raise ValidationError(_("Write a subject and a message."), code="empty")
    if category not in HelpRequest.Category.values:
        raise ValidationError(_("Choose a category."), code="category")
    hub = hub_for_city(city)
    help_request = HelpRequest.objects.create(
        local_government=city,
        hub=hub,
        asked_by=actor,
        category=category,
        subject=subject.strip(),
        first_response_due=first_response_due(hub, at=timezone.now()),
    )
    message = HelpMessage.objects.create(request=help_request, author=actor, body=body)
    _attach(message, files)
    _notify("asked", help_request, message)
    return help_request


def may_be_assigned(help_request: HelpRequest, user) -> bool:
    """Staff of the request's hub, the Management Unit, or an expert of the pool."""
    from scn_portal.accounts.roles import Role, roles_of

    if user is None or not user.is_active:
        return False
    roles = roles_of(user)
    if Role.MU_STAFF in roles or Role.EXPERT in roles:
        return True
    return (
        help_request.hub_id is not None
        and HubStaff.objects.filter(
            hub_id=help_request.hub_id, user=user, hub__status=Hub.Status.ACTIVE
        ).exists()
    )


@audit_event("help_request_assigned")
@transaction.atomic
def assign_help_request(*, help_request: HelpRequest, assignee, actor) -> HelpRequest:
    """Give the request to ``assignee`` (the caller checks ``actor`` handles it)."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.status == S.CLOSED:
        raise ValidationError(_("This request is closed."), code="closed")
    if not may_be_assigned(help_request, assignee):
        raise ValidationError(
            _("Assign the request to staff of its hub, the Management Unit or an expert."),
            code="assignee",
        )
    help_request.assigned_to = assignee
    fields = ["assigned_to"]
    if help_request.status in (S.NEW, S.REOPENED):
        help_request.status = S.TRIAGED
        fields.append("status")
    help_request.save(update_fields=fields)
    if assignee != actor:
        _notify("assigned", help_request)
    return help_request


@audit_event("help_request_answered")
@transaction.atomic
def reply_as_staff(
    *, help_request: HelpRequest, actor, body: str, internal: bool = False, files=()
) -> HelpMessage:
    """Staff's answer to the city (or an internal note, never shown to the city). The
    first answer stops the first-response clock. The caller checks ``actor`` handles it."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if not body.strip():
        raise ValidationError(_("Write a message."), code="empty")
    if help_request.status == S.CLOSED and not internal:
        raise ValidationError(_("This request is closed."), code="closed")
    message = HelpMessage.objects.create(
        request=help_request, author=actor, body=body, is_internal=internal, from_staff=True
    )
    _attach(message, files)
    if not internal:
        fields = ["status"]
        help_request.status = S.ANSWERED
        if help_request.first_response_at is None:
            help_request.first_response_at = timezone.now()
            fields.append("first_response_at")
        if help_request.assigned_to_id is None:
            help_request.assigned_to = actor
            fields.append("assigned_to")
        help_request.save(update_fields=fields)
        _notify("answered", help_request, message)
    return message


@audit_event("help_request_followed_up")
@transaction.atomic
def reply_as_city(*, help_request: HelpRequest, actor, body: str, files=()) -> HelpMessage:
    """The city's follow-up in the thread; an answered or closed request is reopened."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if not body.strip():
        raise ValidationError(_("Write a message."), code="empty")
    message = HelpMessage.objects.create(request=help_request, author=actor, body=body)
    _attach(message, files)
    if help_request.status in (S.ANSWERED, S.CLOSED):
        help_request.status = S.REOPENED
        help_request.closed_at = None
        help_request.save(update_fields=["status", "closed_at"])
    _notify("followed_up", help_request, message)
    return message


@audit_event("help_request_started")
@transaction.atomic
def start_work(*, help_request: HelpRequest, actor) -> HelpRequest:
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.status not in (S.NEW, S.TRIAGED, S.REOPENED):
        raise ValidationError(_("Only a waiting request can be started."), code="status")
    help_request.status = S.IN_PROGRESS
    fields = ["status"]
    if help_request.assigned_to_id is None:
        help_request.assigned_to = actor
        fields.append("assigned_to")
    help_request.save(update_fields=fields)
    return help_request


@audit_event("help_request_closed")
@transaction.atomic
def close_help_request(
    *, help_request: HelpRequest, actor, rating: int | None = None, comment: str = ""
) -> HelpRequest:
    """Close the request (the city, with an optional rating from 1 to 5, or staff)."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.status == S.CLOSED:
        raise ValidationError(_("This request is already closed."), code="closed")
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("Rate the answer from 1 to 5."), code="rating")
    help_request.status = S.CLOSED
    help_request.closed_at = timezone.now()
    help_request.rating = rating
    help_request.rating_comment = comment
    help_request.save(update_fields=["status", "closed_at", "rating", "rating_comment"])
    return help_request


@audit_event("help_request_reopened")
@transaction.atomic
def reopen_help_request(*, help_request: HelpRequest, actor) -> HelpRequest:
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if help_request.status not in (S.ANSWERED, S.CLOSED):
        raise ValidationError(
            _("Only an answered or closed request can be reopened."), code="status"
        )
    help_request.status = S.REOPENED
    help_request.closed_at = None
    help_request.save(update_fields=["status", "closed_at"])
    _notify("followed_up", help_request)
    return help_request
