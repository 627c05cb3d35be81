"""Each person's model permissions, kept by the process.

Every admin page asks a person's permissions: Django's ``ModelBackend`` reads them in two
queries and builds a set of about 400 names (4 ms for the Management Unit's 404), once per
request. The set is kept ``PERMISSIONS_CACHE_SECONDS`` per person, under the version of
grants (``accounts.grants``) that any change of groups or permissions moves on, so such a
change counts on the next request in every process. ``User`` hands the kept set to the
backend (its ``_perm_cache``, where Django keeps it for the request) before a permission is
asked; a deactivated person holds none, as in Django.
"""

import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from . import grants

_kept: dict[tuple, tuple[float, frozenset[str]]] = {}
KEPT_PEOPLE = 1000


def prime(user) -> None:
    """Give ``user`` their kept permissions for this request, if there is nothing to ask."""
    seconds = settings.PERMISSIONS_CACHE_SECONDS
    if seconds <= 0 or hasattr(user, "_perm_cache") or not user.is_active or user.pk is None:
        return
    key = (user.pk, user.is_superuser, grants.version())
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is None or kept[0] <= now:
        if len(_kept) >= KEPT_PEOPLE:
            _kept.clear()
        kept = (now + seconds, frozenset(ModelBackend().get_all_permissions(user)))
        _kept[key] = kept
    user._perm_cache = kept[1]
