"""What is in force for every city, kept by the process: the guiding-principle version in
force, the one before it (a member committed to it keeps its standing for a grace
period), and the disputed territories listed.

Every city's portal page asks all three, and they change a few times a year, when staff
edit them in the admin. Each is kept ``IN_FORCE_CACHE_SECONDS`` per day under a version in
the shared cache (``scn_portal.versions``): a page reads that one token instead of three
queries. Saving or deleting a version or a territory moves the version on
(``members.signals``), so the change counts on the next request in every process; the
seconds bound how long a change that slipped past the signals (a bulk ``update()`` in a
shell) can go unseen.

Decisions never read from here: deciding an application, screening the cities, issuing a
certificate read inside their own transaction.
"""

import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from scn_portal import versions

from .models import DisputedTerritory, PrincipleVersion

VERSION_KEY = "members:in-force:version"

_kept: dict[tuple, tuple[float, "InForce"]] = {}
KEPT_DAYS = 8


@dataclass(frozen=True)
class InForce:
    on: date
    current: PrincipleVersion | None
    previous: PrincipleVersion | None
    territories: tuple[DisputedTerritory, ...]


def in_force(on: date | None = None) -> InForce:
    """The versions in force on ``on`` (today by default) and the territories listed."""
    on = on or timezone.localdate()
    seconds = settings.IN_FORCE_CACHE_SECONDS
    if seconds <= 0:
        return _read(on)
    key = (versions.current(VERSION_KEY), on)
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is None or kept[0] <= now:
        if len(_kept) >= KEPT_DAYS:
            _kept.clear()
        kept = (now + seconds, _read(on))
        _kept[key] = kept
    return kept[1]


def changed(**_kwargs) -> None:
    """A version or a territory changed: every process reads them again."""
    versions.renew(VERSION_KEY)


def previous_version(current: PrincipleVersion) -> PrincipleVersion | None:
    """The version before ``current``."""
    return (
        PrincipleVersion.objects.filter(effective_on__lt=current.effective_on)
        .order_by("-effective_on")
        .first()
    )


def _read(on: date) -> InForce:
    current = PrincipleVersion.objects.current(on)
    return InForce(
        on=on,
        current=current,
        previous=previous_version(current) if current is not None else None,
        territories=tuple(DisputedTerritory.objects.filter(is_active=True)),
    )
