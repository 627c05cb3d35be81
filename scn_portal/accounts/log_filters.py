"""Keep credentials that travel in URLs out of the logs.

A personal calendar feed's address carries its signed token, a password-reset link its
key, and an email-confirmation link its key. Django logs the path of every 4xx answer
(``django.request``) and the development server every request (``django.server``); this
filter masks those parts before any handler sees the record.
"""

import logging
import re

SECRET_PATH_PARTS = [
    (re.compile(r"(/calendar/)[^/\s]+(\.ics)"), r"\1***\2"),
    (re.compile(r"(/password/reset/key/)[^/\s]+"), r"\1***"),
    (re.compile(r"(/confirm-email/)[^/\s]+"), r"\1***"),
]


def redact(text: str) -> str:
    for pattern, replacement in SECRET_PATH_PARTS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
