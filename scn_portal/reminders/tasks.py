from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import EMAIL_TASK

from . import registry
from .services import send_due_reminders


@shared_task(name="reminders.send_due_reminders", **EMAIL_TASK)
def send_reminders(*, rule: str | None = None) -> dict:
    """Run one rule, or every registered rule when none is named (the beat entry).

    Safe to run again: each delivery is claimed once (see ``send_due_reminders``).
    """
    rules = [registry.get(rule)] if rule else registry.all_rules()
    return {r.code: send_due_reminders(rule=r) for r in rules if r is not None}


register_periodic_task("Send due reminders", "reminders.send_due_reminders", minute="15", hour="*")
