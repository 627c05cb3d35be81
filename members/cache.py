"""What every visitor of the directory sees the same, computed once per version of the directory.

The directory changes when a city, its membership, its priorities or a region changes
(``members.signals`` bumps the version then). Counts, the region chart and the feed are
cached under the current version, so a change shows at the next request and nothing is
ever served from an older version. The version is a random token, not a counter: a cache
that lost it (restart, eviction) starts a new one and can never meet an old entry again.

``TIMEOUT`` bounds how long an entry lives even if a change slipped past the signals (a
bulk ``update()`` in a shell): at worst the public pages lag that long.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from scn_portal import versions

VERSION_KEY = "members:directory:version"
TIMEOUT = 15 * 60
# A build that takes longer than this is presumed dead, and another request may build.
BUILD_LOCK_SECONDS = 60
WAIT_FOR_BUILD_SECONDS = 30

T = TypeVar("T")


def directory_version() -> str:
    """The current version token (one cache read; a new token if the cache has none)."""
    return versions.current(VERSION_KEY)


def bump_directory_version() -> None:
    """The directory changed: every cached count, chart and feed is stale from now on."""
    versions.renew(VERSION_KEY)


def cached(parts: tuple, build: Callable[[], T], *, version: str | None = None) -> T:
    """``build()``'s value for ``parts`` under the current version, computed at most once
    at a time: while one request builds, the others wait for its result rather than build
    the same thing (the feed costs seconds; a crowd building it at once would stall every
    worker)."""
    version = version or directory_version()
    key = "members:directory:" + ":".join(str(p) for p in (version, *parts))
    value = cache.get(key)
    if value is not None:
        return value
    lock = key + ":building"
    if not cache.add(lock, 1, timeout=BUILD_LOCK_SECONDS):
        deadline = time.monotonic() + WAIT_FOR_BUILD_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = build()
        cache.set(key, value, timeout=TIMEOUT)
    finally:
        cache.delete(lock)
    return value
