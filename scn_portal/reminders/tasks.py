from celery import shared_task

from . import registry
from .services import send_due_reminders


@shared_task(name="reminders.send_due_reminders", acks_late=True)
def send_reminders(*, rule: str | None = None) -> dict:
    """Run one rule, or every registered rule when none is named (the beat entry)."""
    rules = [registry.get(rule)] if rule else registry.all_rules()
    return {r.code: send_due_reminders(rule=r) for r in rules if r is not None}
