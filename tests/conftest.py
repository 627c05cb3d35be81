"""Shared fixtures: the named personas every test speaks of, and the test settings.

Personas (each one line on what they may do):
- ``anonymous``: the public; sees public pages only.
- ``official_of_rabat``: focal point of Rabat; keeps Rabat's pages.
- ``official_of_other_city``: focal point of Oslo; must never see Rabat's pages.
- ``hub_staff_mena``: staff of the MENA hub; admin, scoped to the MENA region.
- ``hub_staff_other``: staff of the Western Balkans hub; nothing of MENA.
- ``isc_member``: mayor of The Hague with a current ISC term.
- ``expert``: in the pool of experts.
- ``mu_staff``: Management Unit staff; the whole admin.
- ``superuser``: everything.
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
from django.test import Client
from django.utils import translation

from scn_portal.celery import app as celery_app
from tests import factories

# Playwright runs an event loop in the test thread; the ORM calls around it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, request):
    """Plain static storage, outbox email, and eager Celery except for integration tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMIN_REQUIRES_MFA = False
    settings.ISC_REQUIRES_MFA = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Whole public pages are cached only where a test asks for it (the ``page_cache``
    # fixture): the others read what they have just written, page after page.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # Nor is an admin menu kept from one page to the next (a test changes roles between
    # pages; ``test_admin_menu.py`` turns it on).
    settings.ADMIN_MENU_CACHE_SECONDS = 0
    # Nor the count of a filtered admin list (``test_admin_lists.py`` turns it on).
    settings.ADMIN_COUNT_CACHE_SECONDS = 0
    # Nor a person's permissions (``test_kept_permissions.py`` turns it on).
    settings.PERMISSIONS_CACHE_SECONDS = 0
    # Nor the versions and territories in force (``test_in_force.py`` turns it on).
    settings.IN_FORCE_CACHE_SECONDS = 0
    # Nor a staff member's work queue (``test_kept_queue.py`` turns it on).
    settings.WORKQUEUE_CACHE_SECONDS = 0
    # Rate limits and cached pages live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def page_cache(settings):
    """Public pages cached for anonymous visitors, as in production."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to /ar/ leaves Arabic active in the thread."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded and generated files go to a fresh folder per test (never the real one)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rabat(db):
    mena = factories.RegionFactory(code="mena", name="Middle East and North Africa")
    return factories.MembershipFactory(
        local_government__name="Rabat",
        local_government__country="MA",
        local_government__region=mena,
    ).local_government


@pytest.fixture
def oslo(db):
    europe = factories.RegionFactory(code="europe", name="Europe")
    return factories.MembershipFactory(
        local_government__name="Oslo",
        local_government__country="NO",
        local_government__region=europe,
    ).local_government


@pytest.fixture
def the_hague(db):
    europe = factories.RegionFactory(code="europe", name="Europe")
    return factories.MembershipFactory(
        local_government__name="The Hague",
        local_government__country="NL",
        local_government__region=europe,
    ).local_government


@pytest.fixture
def mena_hub(db):
    hub = factories.HubFactory(slug="mena", name="Middle East and North Africa hub")
    hub.regions.add(factories.RegionFactory(code="mena", name="Middle East and North Africa"))
    return hub


@pytest.fixture
def balkans_hub(db):
    hub = factories.HubFactory(slug="western-balkans", name="Western Balkans hub")
    hub.regions.add(factories.RegionFactory(code="europe", name="Europe"))
    return hub


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def official_of_rabat(rabat):
    return factories.make_official(rabat, email="focal.point@rabat.example.org")


@pytest.fixture
def official_of_other_city(oslo):
    return factories.make_official(oslo, email="focal.point@oslo.example.org")


@pytest.fixture
def hub_staff_mena(mena_hub):
    return factories.make_hub_staff(mena_hub, email="staff@mena-hub.example.org")


@pytest.fixture
def hub_staff_other(balkans_hub):
    return factories.make_hub_staff(balkans_hub, email="staff@balkans-hub.example.org")


@pytest.fixture
def isc_member(the_hague):
    return factories.make_isc_member(the_hague, email="mayor@the-hague.example.org")


@pytest.fixture
def expert(db):
    return factories.make_expert(email="expert@example.org")


@pytest.fixture
def mu_staff(db):
    return factories.make_mu_staff(email="staff@management-unit.example.org")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


PERSONAS = [
    "anonymous",
    "official_of_rabat",
    "official_of_other_city",
    "hub_staff_mena",
    "hub_staff_other",
    "isc_member",
    "expert",
    "mu_staff",
    "superuser",
]


@pytest.fixture
def client_as(request, db):
    """``client_as("mu_staff")``: a test client signed in as that persona (or anonymous)."""

    def make(persona: str) -> Client:
        user = request.getfixturevalue(persona)
        client = Client()
        if user is not None:
            client.force_login(user)
        client.user = user
        return client

    return make


# --- Integration: a real Celery worker on the real broker and database -------------

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def _integration_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("integration")
    (base / "media").mkdir()
    (base / "mail").mkdir()
    return base


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, _integration_dirs):
    """A real ``celery worker`` process on its own queue, against the test database.

    Needs PostgreSQL (``DATABASE_URL``) and a broker (``CELERY_BROKER_URL``). Without
    them the integration tests are skipped — unless SCN_REQUIRE_SERVICES=1 (CI), where
    a missing service fails the run instead of hiding it.
    """
    from django.conf import settings
    from django.db import connection

    if not settings.CELERY_BROKER_URL or connection.vendor != "postgresql":
        message = "integration tests need DATABASE_URL=postgres://… and CELERY_BROKER_URL"
        if os.environ.get("SCN_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:10]}"
    worker_name = f"{queue}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER'] or ''}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(_integration_dirs / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(_integration_dirs / "mail"),
        # Small batches, so a test with a handful of invited cities sees several.
        "ACTIVITY_INVITATION_BATCH": "2",
    }
    log = open(_integration_dirs / "worker.log", "wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "scn_portal",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "info",
            "--queues",
            queue,
            "--hostname",
            worker_name,
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_default_queue = queue
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the Celery worker exited: {(_integration_dirs / 'worker.log').read_text()}"
            )
        if celery_app.control.ping(destination=[worker_name], timeout=1):
            break
    else:
        process.kill()
        pytest.fail("the Celery worker did not answer within 60 s")
    yield {"queue": queue, "dirs": _integration_dirs, "log": _integration_dirs / "worker.log"}
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db, settings):
    """Use in an integration test: rows the test commits are visible to the worker."""
    settings.MEDIA_ROOT = celery_worker_process["dirs"] / "media"
    return celery_worker_process


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@contextlib.contextmanager
def celery_broker_down():
    """Point the Celery app at a port where nothing listens (not eager), then restore it.

    The app caches its broker URLs and connection pools, so both are reset on the way
    in and on the way out.
    """

    def reset_pools():
        kombu.pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf = celery_app.conf
    previous = (conf.broker_url, conf.broker_write_url, conf.task_always_eager)
    reset_pools()
    conf.broker_url = conf.broker_write_url = CLOSED_PORT_BROKER
    conf.task_always_eager = False
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.broker_write_url, conf.task_always_eager = previous


@pytest.fixture
def retries_run_in_place():
    """As on a worker, an eager task's retries run (at once, not after the backoff)."""
    from scn_portal.celery import app as celery_app

    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2):
    """Poll ``predicate`` until it returns a truthy value (the worker runs elsewhere)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def pytest_collection_modifyitems(config, items):
    """Browser tests run after all the others (they are the slowest and need Chromium)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
