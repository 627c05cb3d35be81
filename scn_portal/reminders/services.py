import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import ReminderDelivery
from .registry import Due, ReminderRule

logger = logging.getLogger(__name__)


def send_due_reminders(*, rule: ReminderRule) -> dict[str, int]:
    """Send every reminder ``rule`` says is due; return counts by outcome.

    Safe to run twice at once: each (rule, occasion, email) is claimed by inserting
    its delivery row first, and only the run that claims it sends.
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for due in rule.due():
        delivery = _claim(rule=rule, due=due)
        if delivery is None:
            counts["skipped"] += 1
            continue
        counts[_send(rule=rule, due=due, delivery=delivery)] += 1
    return counts


def _language_for(due: Due) -> str:
    supported = dict(settings.LANGUAGES)
    for candidate in (due.language, getattr(due.user, "language", None)):
        if candidate in supported:
            return candidate
    return "en"


def _claim(*, rule: ReminderRule, due: Due) -> ReminderDelivery | None:
    language = _language_for(due)
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(
                rule=rule.code,
                occasion=due.occasion,
                email=due.email.lower(),
                recipient=due.user,
                language=language,
            )
    except IntegrityError:
        pass
    # Already claimed once: retry only a failed delivery, and only if we win it.
    existing = ReminderDelivery.objects.filter(
        rule=rule.code,
        occasion=due.occasion,
        email=due.email.lower(),
        status=ReminderDelivery.Status.FAILED,
        attempts__lt=rule.max_attempts,
    ).first()
    if existing is None:
        return None
    won = ReminderDelivery.objects.filter(
        pk=existing.pk, status=ReminderDelivery.Status.FAILED, attempts=existing.attempts
    ).update(status=ReminderDelivery.Status.SENDING, attempts=F("attempts") + 1, error="")
    if not won:
        return None
    existing.refresh_from_db()
    return existing


def _send(*, rule: ReminderRule, due: Due, delivery: ReminderDelivery) -> str:
    try:
        with translation.override(delivery.language):
            context = {**due.context, "user": due.user, "site_url": settings.SITE_URL}
            subject = render_to_string(f"{rule.template}_subject.txt", context).strip()
            text = render_to_string(f"{rule.template}.txt", context)
            html = render_to_string(f"{rule.template}.html", context)
        message = EmailMultiAlternatives(
            subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[due.email]
        )
        message.attach_alternative(html, "text/html")
        message.send(fail_silently=False)
    except Exception as exc:  # recorded so staff can tell why a reminder is missing
        logger.exception("Reminder %s to %s failed", rule.code, due.email)
        delivery.status = ReminderDelivery.Status.FAILED
        delivery.error = f"{type(exc).__name__}: {exc}"
        delivery.save(update_fields=["status", "error"])
        return "failed"
    delivery.status = ReminderDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return "sent"
