"""Version tokens in the shared cache: what a cache entry was built from is current while
its token is. A change draws a new random token (never a counter, so a cache that lost
the token never meets an entry built under an old one again)."""

import uuid

from django.core.cache import cache


def current(key: str, *, timeout: int | None = None) -> str:
    """The token under ``key`` (one cache read; a new token if the cache has none, kept
    ``timeout`` seconds, or for good when None)."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=timeout)
        token = cache.get(key)
    return token


def renew(key: str, *, timeout: int | None = None) -> None:
    """What was built under ``key``'s token is stale from now on."""
    cache.set(key, uuid.uuid4().hex, timeout=timeout)
