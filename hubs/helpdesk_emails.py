"""Emails of the help desk, each in its recipient's language, each sent once.

Sent by the task ``hubs.notify_help_desk`` after the change is committed, through
``scn_portal.reminders.delivery`` (rule ``hubs.help_desk``, one delivery per occasion and
address): a task that runs twice emails nobody twice. Internal notes are never emailed to
the city; the city hears of answers only.
"""

from members.selectors.people import management_unit_to_email
from scn_portal.reminders.delivery import Outcome, deliver_to_each, site_url

from .models import HelpMessage, HelpRequest, HubStaff

RULE = "hubs.help_desk"
TEMPLATE = "emails/helpdesk/notice"


def handlers_to_email(help_request: HelpRequest) -> list:
    """Who handles the request: its assignee, else its hub's staff, else the Management
    Unit (the central team)."""
    if help_request.assigned_to_id and help_request.assigned_to.is_active:
        return [help_request.assigned_to]
    if help_request.hub_id is not None:
        staff = [
            assignment.user
            for assignment in HubStaff.objects.filter(
                hub_id=help_request.hub_id, user__is_active=True
            )
            .exclude(user__email="")
            .select_related("user")
            .order_by("pk")
        ]
        if staff:
            return staff
    return list(management_unit_to_email())


def _urls(help_request: HelpRequest) -> dict:
    """The request's pages, each link in the language its email is written in."""
    return {
        "staff_url": site_url("hubs:staff_help_request", code=help_request.code),
        "city_url": site_url("hubs:help_request", code=help_request.code),
    }


def notice_context(event: str, help_request: HelpRequest, message=None) -> dict:
    return {
        "event": event,
        "help_request": help_request,
        "city": help_request.local_government,
        "message": message,
        **_urls(help_request),
    }


def send_help_desk_notice(
    *, event: str, help_request: HelpRequest, message: HelpMessage | None = None
) -> Outcome:
    """Tell whoever the ``event`` concerns; raise a transient error at the end (retry)."""
    if message is not None and message.is_internal:
        return Outcome()
    if event == "answered":
        recipients = [help_request.asked_by] if help_request.asked_by else []
    elif event == "assigned":
        recipients = [help_request.assigned_to] if help_request.assigned_to else []
    else:  # asked, followed_up, reminder
        recipients = handlers_to_email(help_request)
    occasion = f"{help_request.code}:{event}:" + (
        str(message.pk) if message is not None else str(help_request.assigned_to_id or "")
    )
    outcome = deliver_to_each(
        recipients,
        rule=RULE,
        occasion=occasion,
        template=TEMPLATE,
        context=notice_context(event, help_request, message),
    )
    outcome.raise_transient()
    return outcome
