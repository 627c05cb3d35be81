import time
from itertools import islice

from .delivery import deliver, open_connection, record_sent
from .models import ReminderDelivery
from .registry import ReminderRule

# Emails sent over one SMTP connection; also the rows read and checked at a time.
BATCH_SIZE = 200
# Work one task does before it hands the rest to a fresh task (the task limit is 240 s).
TIME_BUDGET_SECONDS = 50


def send_due_reminders(*, rule: ReminderRule) -> dict[str, int]:
    """Send every reminder ``rule`` says is due; return counts by outcome.

    Safe to run twice at once: each (rule, occasion, email) is claimed by inserting its
    delivery row first, and only the run that claims it sends (``delivery.deliver``); a
    failed one is taken again by a later run, up to ``rule.max_attempts``.
    """
    counts, _finished = send_due_reminders_in_batches(rule=rule, time_budget=None)
    return counts


def send_due_reminders_in_batches(
    *, rule: ReminderRule, time_budget: float | None = TIME_BUDGET_SECONDS
) -> tuple[dict[str, int], bool]:
    """``send_due_reminders`` for a wave of any size: the due reminders are read lazily and
    sent ``BATCH_SIZE`` at a time over one SMTP connection per batch, so memory stays flat
    and 25,000 emails do not open 25,000 connections. Those already sent are skipped with
    one query per batch. Stops between batches once ``time_budget`` seconds have passed
    and returns ``(counts, False)``: the caller runs it again to send the rest (what was
    sent is never sent twice).
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    started = time.monotonic()
    due = iter(rule.due())
    while batch := list(islice(due, BATCH_SIZE)):
        done = _already_delivered(rule, batch)
        todo = [item for item in batch if (item.occasion, item.email.lower()) not in done]
        counts["skipped"] += len(batch) - len(todo)
        if not todo:
            continue  # a batch sent by an earlier run costs one query, and no time check
        connection = open_connection()
        sent: list[int] = []
        try:
            for item in todo:
                outcome = deliver(
                    rule=rule.code,
                    occasion=item.occasion,
                    template=rule.template,
                    context=item.context,
                    user=item.user,
                    email=item.email,
                    language=item.language,
                    max_attempts=rule.max_attempts,
                    connection=connection,
                    sent=sent,
                )
                counts["sent"] += outcome.sent
                counts["failed"] += outcome.failed
                counts["skipped"] += outcome.skipped
        finally:
            connection.close()
            # One write for the batch's sent emails, whatever stopped the batch.
            record_sent(sent)
        if len(batch) < BATCH_SIZE:
            break  # the last batch
        if time_budget is not None and time.monotonic() - started > time_budget:
            return counts, False
    return counts, True


def _already_delivered(rule: ReminderRule, batch) -> set[tuple[str, str]]:
    """(occasion, email) of the batch sent or being sent already (failed ones may retry)."""
    rows = ReminderDelivery.objects.filter(
        rule=rule.code,
        occasion__in={item.occasion for item in batch},
        status__in=[ReminderDelivery.Status.SENT, ReminderDelivery.Status.SENDING],
    ).values_list("occasion", "email")
    return {(occasion, email.lower()) for occasion, email in rows}
