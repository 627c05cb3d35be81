"""gunicorn's access log with calendar-feed tokens and password-reset keys masked.

Used by docker-compose.yml (``--logger-class``); Django's own logs are masked by
``scn_portal.accounts.log_filters``.
"""

from gunicorn.glogging import Logger

from scn_portal.accounts.log_filters import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        # The path travels in many atoms (request line, path, referrer, environ copies).
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }
