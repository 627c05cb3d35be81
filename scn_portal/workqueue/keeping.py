"""The staff work queue, kept per person for a few seconds.

Counting every line and reading the page of each line that waits costs a queue about
50 ms of Python and 15 ms of PostgreSQL at 25,000 cities, and staff open it again and
again through the day. The rendered lines are kept in the shared cache for
``WORKQUEUE_CACHE_SECONDS`` under a key made of everything they depend on: the person, a
version of that person's own changes, their roles, the version of who may do what
(``accounts.grants``), the language, the time zone and the day. The page says when it was
counted and offers to count again.

What the person changes themselves shows at once: any form they send (a decision, a reply,
an assignment) renews their own version (``FreshAfterOwnChanges``), and so does a change
of the hubs they work for. What others change shows within the seconds kept, or at once
with "Count again".
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from scn_portal import versions
from scn_portal.accounts import grants
from scn_portal.accounts.roles import roles_of

# The personal version only has to outlive what is kept under it; a lost one is drawn anew.
PERSON_VERSION_SECONDS = 3600


def _person(user_id) -> str:
    return f"workqueue:person:{user_id}"


def changed_for(user_id) -> None:
    """What is kept of this person's queue is stale from now on."""
    versions.renew(_person(user_id), timeout=PERSON_VERSION_SECONDS)


def _key(user) -> str:
    parts = (
        str(user.pk),
        versions.current(_person(user.pk), timeout=PERSON_VERSION_SECONDS),
        ",".join(sorted(roles_of(user))),
        str(user.is_staff),
        str(user.is_superuser),
        grants.version(),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
    )
    return "workqueue:lines:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def kept_lines(user, build, *, fresh: bool = False) -> tuple[str, object]:
    """The person's rendered lines and when they were counted: kept ones if there are,
    else ``build()`` now (and kept). ``fresh`` counts again whatever is kept."""
    seconds = settings.WORKQUEUE_CACHE_SECONDS
    if seconds <= 0:
        return build(), timezone.now()
    key = _key(user)
    if not fresh:
        kept = cache.get(key)
        if kept is not None:
            return kept
    kept = (build(), timezone.now())
    cache.set(key, kept, timeout=seconds)
    return kept


class FreshAfterOwnChanges:
    """After any form a signed-in person sends, their own work queue is counted again."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                changed_for(user.pk)
        return response
