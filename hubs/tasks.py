from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import EMAIL_TASK


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
    """Remind handlers of requests about to miss their first-response target (each once)."""
    from scn_portal.reminders import registry
    from scn_portal.reminders.services import send_due_reminders

    return send_due_reminders(rule=registry.get("hubs.help_desk_first_response"))


register_periodic_task(
    "Help-desk first-response reminders", "hubs.remind_help_desk_targets", minute="*/15"
)
