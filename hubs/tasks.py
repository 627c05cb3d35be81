"""The hubs app's background work. Each task takes ids as keyword arguments, loads the
row (and returns quietly if it is gone), and calls a service or sends an email; services
queue these tasks by name (``scn_portal.queueing.enqueue_by_name``)."""

from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.queueing import enqueue_by_name
from scn_portal.task_options import DATABASE_TASK, EMAIL_TASK

from . import activity_emails
from .models import Activity, Registration
from .reminders import HelpDeskFirstResponse
from .services import activities as activity_services


@shared_task(name="hubs.notify_help_desk", **EMAIL_TASK)
def notify_help_desk(*, event: str, request_id: int, message_id: int | None = None) -> int:
    """Email whoever a help-desk event concerns; a second run sends nothing."""
    from .helpdesk_emails import send_help_desk_notice
    from .models import HelpMessage, HelpRequest

    help_request = (
        HelpRequest.objects.select_related("local_government", "asked_by", "assigned_to", "hub")
        .filter(pk=request_id)
        .first()
    )
    if help_request is None:
        return 0
    message = HelpMessage.objects.filter(pk=message_id).first() if message_id else None
    return send_help_desk_notice(event=event, help_request=help_request, message=message).sent


@shared_task(name="hubs.remind_help_desk_targets", **EMAIL_TASK)
def remind_help_desk_targets() -> dict:
    """Remind handlers of requests about to miss their first-response target (each once):
    the shared reminder task for the rule ``hubs.help_desk_first_response``, run every
    quarter of an hour rather than hourly."""
    from scn_portal.reminders.tasks import send_reminders

    return send_reminders(rule=HelpDeskFirstResponse.code)


register_periodic_task(
    "Help-desk first-response reminders", "hubs.remind_help_desk_targets", minute="*/15"
)


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("activity", "user").filter(pk=registration_id).first()
    )


@shared_task(name="hubs.send_registration_email", **EMAIL_TASK)
def send_registration_email(*, registration_id: int, status: str) -> int:
    """Confirm a registration or a wait-list place; a second run sends nothing."""
    registration = _registration(registration_id)
    if registration is None:
        return 0
    return activity_emails.send_registration_email(registration=registration, status=status).sent


@shared_task(name="hubs.send_offer_email", **EMAIL_TASK)
def send_offer_email(*, registration_id: int, offer: int) -> int:
    """Email an offer of a seat; a second run (or an answered offer) sends nothing."""
    registration = _registration(registration_id)
    if registration is None:
        return 0
    return activity_emails.send_offer_email(registration=registration, offer=offer).sent


@shared_task(name="hubs.expire_activity_offers", **DATABASE_TASK)
def expire_activity_offers() -> int:
    """End offers past their time limit and offer the seats on; a rerun finds nothing."""
    return activity_services.expire_offers()


@shared_task(name="hubs.send_activity_invitations", **EMAIL_TASK)
def send_activity_invitations(*, activity_id: int) -> int:
    """Email one batch of an activity's invitations and queue the next batch while some
    remain; a second run sends no invitation twice."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        return 0
    remaining = activity_services.send_invitation_batch(activity=activity)
    if remaining:
        enqueue_by_name("hubs.send_activity_invitations", activity_id=activity_id)
    return remaining


register_periodic_task(
    "Move activity wait-lists on past expired offers",
    "hubs.expire_activity_offers",
    minute="*/10",
    hour="*",
)
