"""A web process moves what it keeps out of the garbage collector's reach once loaded and
after its first requests, so a full collection no longer walks it in the middle of a
request."""

import gc
import importlib

import pytest
from django.core.signals import request_finished

from scn_portal.long_lived import freeze_after


@pytest.fixture(autouse=True)
def _collector_as_it_was():
    """Only the freezing listens for the end of a request here (Django's own receivers
    would close the test's database connections), and nothing stays frozen after."""
    receivers = list(request_finished.receivers)
    request_finished.receivers[:] = []
    request_finished.sender_receivers_cache.clear()
    gc.unfreeze()
    yield
    request_finished.receivers[:] = receivers
    request_finished.sender_receivers_cache.clear()
    gc.unfreeze()


def finish_requests(n: int) -> None:
    for _ in range(n):
        request_finished.send(sender=None)


def test_what_the_process_holds_is_frozen_at_once_and_again_after_its_first_requests():
    freeze_after(3)
    at_load = gc.get_freeze_count()
    kept_later = [[n] for n in range(5_000)]  # what the first requests build and keep

    finish_requests(2)
    assert gc.get_freeze_count() == at_load

    finish_requests(1)
    after = gc.get_freeze_count()
    assert at_load > 0 and after >= at_load + len(kept_later)

    built_after = [[n] for n in range(1_000)]  # later requests' garbage is collected as ever
    finish_requests(10)
    assert gc.get_freeze_count() == after and built_after


def test_a_full_collection_no_longer_walks_what_is_frozen():
    kept = [[n] for n in range(50_000)]
    gc.collect()
    assert any(o is kept for o in gc.get_objects(generation=2))

    freeze_after(1)

    walked = gc.get_objects(generation=2)
    assert not any(o is kept for o in walked) and len(walked) < len(kept)


def test_nought_turns_it_off():
    freeze_after(0)
    finish_requests(5)
    assert gc.get_freeze_count() == 0


def test_the_web_process_freezes_as_its_setting_says(settings):
    settings.WEB_GC_FREEZE_AFTER_REQUESTS = 0
    import scn_portal.wsgi as wsgi

    gc.unfreeze()  # the first import may have run under the default
    importlib.reload(wsgi)
    assert gc.get_freeze_count() == 0

    settings.WEB_GC_FREEZE_AFTER_REQUESTS = 2
    importlib.reload(wsgi)
    assert gc.get_freeze_count() > 0


def loaded_in_a_new_process(setup: str) -> bool:
    """Whether Shapely is loaded once a fresh process has run ``setup``."""
    import subprocess
    import sys

    code = f"{setup}; import sys; print('shapely.geometry' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip().splitlines()[-1] == "True"


def test_a_web_process_loads_what_a_city_page_needs_before_its_first_request():
    # The portal's code imports Shapely only where it needs it (commands start faster)...
    assert not loaded_in_a_new_process("import django; django.setup(); import members.eligibility")
    # ...and a web worker has it before its first city page, which would otherwise wait.
    assert loaded_in_a_new_process("import scn_portal.wsgi")
