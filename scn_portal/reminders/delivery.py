"""One way to write an email and to send it once.

Every email of the portal is rendered from three templates in the recipient's language
(``<template>_subject.txt``, ``<template>.txt``, ``<template>.html``); ``render_email``
does that and ``send_email`` sends the result. An email that must go only once for an
occasion (a reminder, a decision, a notice to staff) is first *claimed* as a
``ReminderDelivery`` row: the unique constraint on (rule, occasion, email) lets only one
run create it, so two runs of a task (a retry, a message redelivered after a worker
died) send it once. ``deliver`` does the claim, the sending and the record together.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy

from scn_portal.task_options import EMAIL_ERRORS, MAX_RETRIES

from .models import ReminderDelivery

logger = logging.getLogger(__name__)

# The first try and each of a task's retries.
MAX_ATTEMPTS = MAX_RETRIES + 1


def supported_language(*candidates: str | None) -> str:
    """The first of ``candidates`` the portal speaks, else the default language."""
    supported = dict(settings.LANGUAGES)
    for candidate in candidates:
        if candidate in supported:
            return candidate
    return settings.LANGUAGE_CODE


def language_of(user) -> str:
    return supported_language(getattr(user, "language", None))


def site_url(name: str, **kwargs):
    """The absolute address of the URL ``name``, reversed when the email is rendered, so
    the link carries the recipient's language."""
    return lazy(lambda: settings.SITE_URL + reverse(name, kwargs=kwargs or None), str)()


@dataclass
class Email:
    subject: str
    text: str
    html: str


def render_email(template: str, context: dict, *, language: str) -> Email:
    """The email ``template`` in ``language``; the subject is one line (keeping the
    non-breaking spaces French puts before « : » and »)."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context)
        return Email(
            subject=re.sub(r"[ \t\r\n]+", " ", subject).strip(),
            text=render_to_string(f"{template}.txt", context),
            html=render_to_string(f"{template}.html", context),
        )


def send_email(email: Email, *, to: list[str], connection=None, attachments=()) -> None:
    """Send ``email``; ``attachments`` are (file name, content, MIME type) triples."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        connection=connection,
    )
    message.attach_alternative(email.html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)


def open_connection():
    """One connection to the relay for a batch of emails (``deliver(connection=…)``)."""
    connection = mail.get_connection()
    try:
        connection.open()
    except OSError:
        # The relay is unreachable: each email tries again and its failure is recorded
        # on its delivery (``deliver``), as when sending one by one.
        pass
    return connection


def claim(
    *,
    rule: str,
    occasion: str,
    email: str,
    user=None,
    language: str,
    max_attempts: int = MAX_ATTEMPTS,
) -> ReminderDelivery | None:
    """The delivery row if this run is to send the email, else None.

    The first run creates it; a failed delivery is taken again, by one run only, until
    ``max_attempts``.
    """
    key = {"rule": rule, "occasion": occasion, "email": email.lower()}
    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(**key, recipient=user, language=language)
    except IntegrityError:
        pass
    existing = ReminderDelivery.objects.filter(
        **key, status=ReminderDelivery.Status.FAILED, attempts__lt=max_attempts
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


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[Exception] = field(default_factory=list)

    def add(self, other: "Outcome") -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.skipped += other.skipped
        self.errors += other.errors

    def raise_transient(self) -> None:
        """Raise the first transient failure (the relay unreachable) so the task retries;
        the others are recorded on their deliveries."""
        for error in self.errors:
            if isinstance(error, EMAIL_ERRORS):
                raise error


def deliver(
    *,
    rule: str,
    occasion: str,
    template: str,
    context: dict,
    user=None,
    email: str | None = None,
    language: str | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    connection=None,
    attachments=(),
    sent: list[int] | None = None,
) -> Outcome:
    """Claim, render and send one email, and record how it went.

    A failure is recorded on the delivery (staff see it) and returned in
    ``Outcome.errors``, not raised: the caller decides whether to retry. A caller sending
    a batch may pass ``sent``: the deliveries sent are added to it, for ``record_sent``
    to mark in one write, instead of each being written again on its own.
    """
    address = email or getattr(user, "email", "")
    outcome = Outcome()
    if not address:
        outcome.skipped += 1
        return outcome
    language = supported_language(language, getattr(user, "language", None))
    delivery = claim(
        rule=rule,
        occasion=occasion,
        email=address,
        user=user,
        language=language,
        max_attempts=max_attempts,
    )
    if delivery is None:
        outcome.skipped += 1
        return outcome
    try:
        message = render_email(template, {**context, "user": user}, language=language)
        send_email(message, to=[address], connection=connection, attachments=attachments)
    except Exception as exc:  # recorded so staff can tell why someone heard nothing
        logger.exception("Email %s to %s failed", rule, address)
        delivery.status = ReminderDelivery.Status.FAILED
        delivery.error = f"{type(exc).__name__}: {exc}"
        delivery.save(update_fields=["status", "error"])
        outcome.failed += 1
        outcome.errors.append(exc)
        return outcome
    outcome.sent += 1
    if sent is not None:
        sent.append(delivery.pk)
        return outcome
    delivery.status = ReminderDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return outcome


def record_sent(deliveries: list[int]) -> None:
    """Mark ``deliveries`` (collected by ``deliver(sent=…)``) sent, in one write. Until
    then they are "sending", which no run takes again: an email is never sent twice."""
    if deliveries:
        ReminderDelivery.objects.filter(pk__in=deliveries).update(
            status=ReminderDelivery.Status.SENT, sent_at=timezone.now()
        )


def deliver_to_each(users, **kwargs) -> Outcome:
    """``deliver`` the same email to each of ``users`` (each in their language, each
    address once for the occasion); the active ones with an address only."""
    outcome = Outcome()
    for user in users:
        if user is None or not user.is_active or not user.email:
            continue
        outcome.add(deliver(user=user, **kwargs))
    return outcome
