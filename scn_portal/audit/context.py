"""Who is acting and from where, for the entries written while they act.

A request sets it in ``AuditContextMiddleware`` (the signed-in user, the client's
address, the path); a Celery task in ``task_started``; anything else (a management
command, a shell) falls back to the command's name and the operating-system account.
"""

import contextlib
import getpass
import sys
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Actor:
    source: str
    request: object | None = None
    user: object | None = None
    label: str = ""
    ip: str | None = None
    path: str = ""


_current: ContextVar[Actor | None] = ContextVar("scn_audit_actor", default=None)
_suppressed: ContextVar[bool] = ContextVar("scn_audit_suppressed", default=False)


def _fallback() -> Actor:
    argv = sys.argv
    if argv and argv[0].endswith("manage.py") and len(argv) > 1:
        source = f"command:{argv[1]}"
    else:
        source = "system"
    try:
        label = getpass.getuser()
    except (KeyError, OSError):
        label = ""
    return Actor(source=source, label=label)


def current() -> Actor:
    return _current.get() or _fallback()


def is_suppressed() -> bool:
    return _suppressed.get()


@contextlib.contextmanager
def audit_context(*, source: str, user=None, label: str = ""):
    """Attribute the changes made inside the block (e.g. a command naming its operator)."""
    label = label or (getattr(user, "email", "") if user is not None else "")
    token = _current.set(Actor(source=source, user=user, label=label))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def suppressed():
    """Write no entry inside the block; the caller writes its own (erasure does)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when trusted.

    ``TRUSTED_PROXY_COUNT`` says how many reverse proxies stand in front of the portal;
    the address is then taken that many hops from the right of the forwarded chain,
    so a client cannot choose what is recorded by sending the header itself.
    """
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [p for p in chain if p]
        if len(chain) >= hops:
            return chain[-hops] or None
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "admin" if request.path_info.startswith(_admin_prefixes()) else "web"
        token = _current.set(
            Actor(
                source=source,
                request=request,
                ip=client_ip(request),
                path=request.get_full_path()[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _admin_prefixes() -> tuple[str, ...]:
    from django.conf import settings as s

    return (*tuple(f"/{code}/admin/" for code, _name in s.LANGUAGES), "/admin/")


def task_started(task=None, **kwargs) -> None:
    task.request.scn_audit_token = _current.set(Actor(source=f"task:{task.name}"))


def task_finished(task=None, **kwargs) -> None:
    token = getattr(task.request, "scn_audit_token", None)
    if token is not None:
        with contextlib.suppress(ValueError):
            _current.reset(token)
