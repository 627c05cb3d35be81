"""The lines of the staff work queue.

An app declares a line in its ``workqueue.py``::

    register_line(Line(
        code="members.applications",
        order=10,
        title=_("Applications waiting for a decision"),
        items=applications_waiting,                  # (user) -> queryset, oldest first
        row_template="members/workqueue/_application.html",
        all_url=lambda: reverse("admin:members_application_changelist"),
        may_see=may_decide_applications,              # (user) -> bool
    ))

``items(user)`` returns only what that person may handle (hub staff: their hub's cities),
ordered with what has waited longest first, selecting what its row shows so that a line
costs two queries (a count and a page), whatever the amount of data. The row template
renders one item (``item``) and links to the page where it is handled.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Line:
    code: str
    order: int
    title: Any
    items: Callable[[Any], Any]
    row_template: str
    may_see: Callable[[Any], bool]
    all_url: Callable[[], str] | None = None
    limit: int = 10


_lines: dict[str, Line] = {}


def register_line(line: Line) -> Line:
    _lines[line.code] = line
    return line


def lines_for(user) -> list[Line]:
    return [
        line
        for line in sorted(_lines.values(), key=lambda line: (line.order, line.code))
        if line.may_see(user)
    ]


def queue_for(user) -> list[dict]:
    """Each line this person may see, with how many items wait and the oldest of them."""
    queue = []
    for line in lines_for(user):
        items = line.items(user)
        count = items.count()
        queue.append(
            {
                "code": line.code,
                "title": line.title,
                "count": count,
                "items": list(items[: line.limit]) if count else [],
                "row_template": line.row_template,
                "all_url": line.all_url() if line.all_url and count > line.limit else None,
            }
        )
    return queue
