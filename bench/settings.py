"""The portal's own settings, plus the floor view's URL (``bench.urls``). Used only by the
server ``bench/run.py`` starts; never by the portal itself."""

from scn_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
