"""The accounts' emails (confirmations, reset links, notices) go out from a task."""

import uuid

from celery import shared_task
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives

from scn_portal.queueing import enqueue
from scn_portal.task_options import EMAIL_TASK

SENT_KEY = "accounts:email-sent:{key}"
SENT_MEMORY = 7 * 24 * 3600  # seconds a sent email is remembered (longer than any retry)


def queue_email(message) -> None:
    """Queue an email that is already written (subject, bodies, recipients)."""
    alternatives = getattr(message, "alternatives", None) or []
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    enqueue(
        send_prepared_email,
        key=uuid.uuid4().hex,
        subject=message.subject,
        body=message.body,
        html=html,
        html_only=message.content_subtype == "html",
        from_email=message.from_email,
        to=list(message.to),
        headers=dict(message.extra_headers or {}),
    )


@shared_task(name="accounts.send_prepared_email", **EMAIL_TASK)
def send_prepared_email(
    *,
    key: str,
    subject: str,
    body: str,
    html: str,
    to: list[str],
    from_email: str,
    html_only: bool = False,
    headers: dict | None = None,
) -> bool:
    """Send one written email; a second run (a retry after it went, a redelivery) sends
    nothing. Nothing of it is stored in the database."""
    if cache.get(SENT_KEY.format(key=key)):
        return False
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_only:
        message.content_subtype = "html"
    elif html:
        message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
    cache.set(SENT_KEY.format(key=key), True, SENT_MEMORY)
    return True
