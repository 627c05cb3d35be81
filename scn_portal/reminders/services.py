from .delivery import deliver
from .registry import ReminderRule


def send_due_reminders(*, rule: ReminderRule) -> dict[str, int]:
    """Send every reminder ``rule`` says is due; return counts by outcome.

    Safe to run twice at once: each (rule, occasion, email) is claimed by inserting its
    delivery row first, and only the run that claims it sends (``delivery.deliver``); a
    failed one is taken again by a later run, up to ``rule.max_attempts``.
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for due in rule.due():
        outcome = deliver(
            rule=rule.code,
            occasion=due.occasion,
            template=rule.template,
            context=due.context,
            user=due.user,
            email=due.email,
            language=due.language,
            max_attempts=rule.max_attempts,
        )
        counts["sent"] += outcome.sent
        counts["failed"] += outcome.failed
        counts["skipped"] += outcome.skipped
    return counts
