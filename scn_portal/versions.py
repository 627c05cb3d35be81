"""Version tokens in the shared cache: what a cache entry was built from is current while
its token is. A change draws a new random token (never a counter, so a cache that lost
the token never meets an entry built under an old one again).

Within one request a token is read once: an admin list asks the network's version for its
count, its dates and its menu, each a round trip to the cache. The request sees the
versions as they were when it first asked, and its own changes at once; what another
process changes meanwhile counts from the next request. Outside a request (a task, a
command) every question reads the cache."""

import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started

# The tokens this request has read or drawn; None outside a request.
_read: ContextVar[dict[str, str] | None] = ContextVar("versions_read", default=None)


def current(key: str, *, timeout: int | None = None) -> str:
    """The token under ``key`` (one cache read; a new token if the cache has none, kept
    ``timeout`` seconds, or for good when None)."""
    read = _read.get()
    if read is not None and key in read:
        return read[key]
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=timeout)
        token = cache.get(key)
    if read is not None and token is not None:
        read[key] = token
    return token


def renew(key: str, *, timeout: int | None = None) -> None:
    """What was built under ``key``'s token is stale from now on."""
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=timeout)
    read = _read.get()
    if read is not None:
        read[key] = token


def _request_started(**_kwargs) -> None:
    _read.set({})


def _request_finished(**_kwargs) -> None:
    _read.set(None)


def connect() -> None:
    request_started.connect(_request_started, dispatch_uid="versions-request-started")
    request_finished.connect(_request_finished, dispatch_uid="versions-request-finished")
