"""Refused authorisations: the visitor sees "not found", the security log sees a refusal.

Views answer a request for something that is not the visitor's with 404, the same as for
something that does not exist, so ids leak nothing. They raise :class:`Refused` (a 404)
where a rule said no, rather than a bare ``Http404``; :class:`RefusalLogMiddleware` logs
it, and every ``PermissionDenied`` (403), with who asked for which page. Nothing from the
query string or the session is logged, and URL arguments that are secrets are masked.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

logger = logging.getLogger("scn_portal.security")

# URL arguments that are credentials: never written to a log.
SECRET_ARGUMENTS = ("token", "key", "secret", "uidb36")


class Refused(Http404):
    """A rule refused the signed-in (or anonymous) visitor: answered as 404."""


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "-"
    arguments = ",".join(
        f"{name}={'***' if any(s in name for s in SECRET_ARGUMENTS) else value}"
        for name, value in sorted(match.kwargs.items())
    )
    return f"{match.view_name}({arguments})"


def log_refusal(request, status: int) -> None:
    user = getattr(request, "user", None)
    logger.warning(
        "authorisation refused: status=%s user_id=%s method=%s route=%s",
        status,
        getattr(user, "pk", None) if user is not None and user.is_authenticated else "-",
        request.method,
        _route(request),
    )


class RefusalLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            log_refusal(request, 404)
        elif isinstance(exception, PermissionDenied):
            log_refusal(request, 403)
        return None
