"""Event names: what happened, in the words of the service that made it happen.

A service names the event it carries out (``membership_approved``, ``isc_term_ended``);
every audit entry written while it runs carries that name, so the trail reads "Membership
approved" rather than "Changed: status". Each app declares its events and their labels
in its ``audit.py``::

    register_events({"membership_approved": _("Membership approved"), ...})

and a service wraps its work::

    with audit_event("membership_approved"):
        ...

(or decorates itself with ``@audit_event("membership_approved")``). Entries written
outside any event (an edit in the admin that no service stands behind) keep the plain
action (created, changed, deleted). The signal handlers stay the safety net: nothing an
audited model goes through is left out, whoever forgot to name it.
"""

import contextlib
from contextvars import ContextVar

_labels: dict[str, object] = {}
_current: ContextVar[str] = ContextVar("scn_audit_event", default="")


def register_events(labels: dict[str, object]) -> None:
    """Declare event names and their (translatable) labels."""
    _labels.update(labels)


def registered_events() -> dict[str, object]:
    return dict(_labels)


def label(name: str) -> str:
    return str(_labels.get(name, name))


def current_event() -> str:
    return _current.get()


@contextlib.contextmanager
def audit_event(name: str):
    """Name the event of the changes made inside the block (the innermost name wins).

    An unknown name is a programming error: every name has a label staff can read.
    """
    if name not in _labels:
        raise LookupError(f"Audit event {name!r} is not registered (register_events).")
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)
