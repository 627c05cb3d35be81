"""Retry options shared by the project's Celery tasks.

A transient failure (the database restarting, the mail relay unreachable) is retried
with capped exponential backoff: about 5, 10, 20, 40, 80 seconds, never more than
``RETRY_BACKOFF_MAX``, at most ``MAX_RETRIES`` times. Any other error fails at once.
Every task must be safe to run twice: a retry, or a message redelivered after a
worker died (``acks_late``), runs it again. Time limits are global
(``CELERY_TASK_SOFT_TIME_LIMIT`` and ``CELERY_TASK_TIME_LIMIT`` in settings).
"""

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)
# smtplib.SMTPException is an OSError, and so is a refused or reset connection.
EMAIL_ERRORS = (OSError,)

MAX_RETRIES = 5
RETRY_BACKOFF_MAX = 300  # seconds; the broker's visibility_timeout must be longer

_RETRY = {
    "acks_late": True,
    "retry_backoff": 5,
    "retry_backoff_max": RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}
# For ``@shared_task(name=..., **DATABASE_TASK)``.
DATABASE_TASK = {**_RETRY, "autoretry_for": DATABASE_ERRORS}
EMAIL_TASK = {**_RETRY, "autoretry_for": DATABASE_ERRORS + EMAIL_ERRORS}
