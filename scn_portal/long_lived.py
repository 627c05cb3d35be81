"""A web process that lives long, and Python's cyclic garbage collector.

A web worker keeps some 150,000–250,000 objects for as long as it lives: the modules,
Django's URL resolvers, the compiled templates, the kept menus and labels. Every full
collection walks them all: 90–480 ms measured on the scale data, in the middle of
whichever request set it off, and each request queued behind that one waits as well (a
list page of the admin set off about seven in a thousand requests, 1.1 ms a request on
average, all of it in the slowest few). Once the process is loaded, and again once it
has served its first requests (which compile and keep what it will reuse), what it holds
is moved out of the collector's reach (``gc.freeze``): a full collection then walks only
what came later. A frozen object is still freed as soon as nothing refers to it; only a
cycle among frozen objects would stay, and those are collected before each freeze.
"""

import gc
import importlib

from django.core.signals import request_finished

# Modules a page may need that the code imports only where it first needs them, so that
# commands and tests that never reach them start faster. A web process loads them before
# its first request instead: Shapely and NumPy (a city's eligibility, whenever a disputed
# territory is drawn as a boundary) took a second, and the requests queued behind the
# first city page of every new worker waited for it.
LOADED_AT_START = ("shapely.geometry", "shapely.prepared")


def load_at_start(modules=LOADED_AT_START) -> None:
    for name in modules:
        importlib.import_module(name)


def freeze_after(requests: int) -> None:
    """Freeze what the process holds now, and again after its first ``requests`` requests
    (``WEB_GC_FREEZE_AFTER_REQUESTS``; 0: never)."""
    if requests <= 0:
        return
    _freeze()
    served = 0

    def count(**_kwargs) -> None:
        nonlocal served
        served += 1
        if served >= requests:
            request_finished.disconnect(count)
            _freeze()

    request_finished.connect(count, weak=False)


def _freeze() -> None:
    gc.collect()
    gc.freeze()
