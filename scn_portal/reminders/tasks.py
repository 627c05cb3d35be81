from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import EMAIL_TASK

from . import registry
from .services import send_due_reminders_in_batches


@shared_task(name="reminders.send_due_reminders", **EMAIL_TASK)
def send_reminders(*, rule: str | None = None) -> dict:
    """Run one rule, or every registered rule when none is named (the beat entry).

    Safe to run again: each delivery is claimed once (see ``send_due_reminders``). A rule
    with more due than one task sends in its time budget continues in a task of its own.
    """
    rules = [registry.get(rule)] if rule else registry.all_rules()
    results = {}
    for r in rules:
        if r is None:
            continue
        results[r.code], finished = send_due_reminders_in_batches(rule=r)
        if not finished:
            send_reminders.delay(rule=r.code)
    return results


register_periodic_task("Send due reminders", "reminders.send_due_reminders", minute="15", hour="*")
