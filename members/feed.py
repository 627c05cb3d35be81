"""The directory feed (``feed.json``), built by a Celery task rather than by a web worker.

The feed lists every listed member: at the scale of the largest networks it takes a
second or more of CPU and close to 100 MB to build. A web worker never builds it: the
first request after a change of the directory queues ``members.build_directory_feed``
for its language (once, however many requests arrive) and answers with the feed it has
until the new one is ready ("stale while revalidate"). Only when no feed of that language
exists at all does a request wait for the build, up to ``WAIT_SECONDS``; then the view
answers 503 with ``Retry-After``.

Without a broker (eager mode, the newcomer's default) the task runs in place, so the
request that queues it gets the new feed; when the broker is unreachable the feed is
built in place too, one request at a time (``members.cache.cached``), rather than going
dark.
"""

import gzip
import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from scn_portal.queueing import enqueue_by_name

from . import cache as directory_cache
from .selectors import directory

TASK = "members.build_directory_feed"
# How long a request without any feed of its language waits for the build.
WAIT_SECONDS = 8
POLL_SECONDS = 0.1
# The last feed built of each language, served while a newer one is built.
LATEST_TIMEOUT = 24 * 60 * 60


def _key(language: str, version: str) -> str:
    return f"members:directory:{version}:feed:{language}"


def _latest_key(language: str) -> str:
    return f"members:directory:feed-latest:{language}"


def build(language: str) -> dict:
    """Build the feed of ``language`` for the directory as it is now and keep it (the
    task's work): ``{"gzip", "etag", "built_at"}``."""
    version = directory_cache.directory_version()
    with translation.override(language):
        feed = _build()
    cache.set(_key(language, version), feed, timeout=directory_cache.TIMEOUT)
    cache.set(_latest_key(language), feed, timeout=LATEST_TIMEOUT)
    return feed


def current(language: str) -> dict | None:
    """The feed to answer with: this version's, else the last one built while the new
    one is built, else (none built yet) the new one if it is ready within
    ``WAIT_SECONDS``; None if it is not."""
    version = directory_cache.directory_version()
    key = _key(language, version)
    feed = cache.get(key)
    if feed is not None:
        return feed
    if not _queue(language, version):
        return directory_cache.cached(("feed", language), lambda: build(language))
    feed = cache.get(key) or cache.get(_latest_key(language))
    deadline = time.monotonic() + WAIT_SECONDS
    while feed is None and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        feed = cache.get(key) or cache.get(_latest_key(language))
    return feed


def _queue(language: str, version: str) -> bool:
    """Queue one build of this version and language (the others find it queued); False
    when the broker cannot be reached."""
    marker = _key(language, version) + ":queued"
    if not cache.add(marker, 1, timeout=directory_cache.BUILD_LOCK_SECONDS):
        return True
    if enqueue_by_name(TASK, language=language):
        return True
    cache.delete(marker)
    return False


def _build() -> dict:
    language = translation.get_language()
    # One reverse() for the whole feed: the profile address differs only by the code.
    placeholder = "00000000-0000-0000-0000-000000000000"
    template = settings.SITE_URL + reverse("members:city", kwargs={"code": placeholder})
    prefix, _sep, suffix = template.partition(placeholder)

    entries = directory.feed_entries(profile_url=lambda code: f"{prefix}{code}{suffix}")
    body = json.dumps(
        {"language": language, "count": len(entries), "cities": entries},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return {
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "built_at": time.time(),
    }
