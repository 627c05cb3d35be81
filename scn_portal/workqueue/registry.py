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
        shows=("submitted_at", "local_government__name", "local_government__country"),
    ))

``items(user)`` returns only what that person may handle (hub staff: their hub's cities),
ordered with what has waited longest first, selecting what its row shows. Every line's
count is asked in one query, then each line with something waiting reads its page: the
queue costs one query more than it has lines waiting, whatever the amount of data. The
row template renders one item (``item``) and links to the page where it is handled.

``shows``, when a line gives it, names the columns its row template reads (``field`` or
``relation__field``): the page reads those only, with the relations they pass through,
rather than every column of every related row (the staff queue reads ten lines at once, and
most of its time went into columns no row shows: descriptions, search vectors, a city's
coordinates and settings, the text of an application). A line that leaves it out reads whole
rows. A name its template reads and ``shows`` lacks costs a query per row, which
``tests/workqueue/test_lean_rows.py`` refuses.

``complete``, when a line gives it, is called with the rows of its page once they are read,
to add what the row template shows that the page's query leaves out, for those rows only:
the applications line reads the disputed territories its check found only for the
applications where it found some (most have none, and the query they would cost is as
dear as the page's own).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from modeltranslation.translator import NotRegistered, translator


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
    shows: tuple[str, ...] = ()
    complete: Callable[[list], None] | None = None


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
    lines = lines_for(user)
    items = [line.items(user) for line in lines]
    counts = count_each(items)
    return [
        {
            "code": line.code,
            "title": line.title,
            "count": count,
            "items": rows_of(line, found) if count else [],
            "row_template": line.row_template,
            "all_url": line.all_url() if line.all_url and count > line.limit else None,
        }
        for line, found, count in zip(lines, items, counts, strict=True)
    ]


def rows_of(line: Line, items) -> list:
    """The rows of the line's page, completed as the line asks."""
    rows = list(page_of(line, items))
    if line.complete is not None and rows:
        line.complete(rows)
    return rows


def page_of(line: Line, items):
    """The first ``line.limit`` items, reading only the columns the line ``shows``."""
    if line.shows:
        related, columns = _lean(items.model, line.shows)
        items = items.select_related(None)
        if related:  # ``select_related()`` with no name would follow every relation
            items = items.select_related(*related)
        items = items.only(*columns)
    return items[: line.limit]


@functools.cache
def _lean(model, shows: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The relations ``shows`` passes through and the columns it reads, worked out once per
    line: a translated column in every language (the page's, and its fallbacks), also
    through a relation from a model that has no translations of its own."""
    related = tuple(sorted({name.rsplit("__", 1)[0] for name in shows if "__" in name}))
    return related, tuple(column for name in shows for column in _read(model, name))


def _read(model, name: str) -> list[str]:
    """``name`` (``relation__field``) and, where the field is translated, each of its
    language columns."""
    head, _, rest = name.partition("__")
    if rest:
        related = model._meta.get_field(head).related_model
        return [f"{head}__{column}" for column in _read(related, rest)]
    try:
        translated = translator.get_options_for_model(model).all_fields.get(head, ())
    except NotRegistered:
        translated = ()
    return [head, *(field.name for field in translated)]


def count_each(querysets: list) -> list[int]:
    """``[qs.count() for qs in querysets]`` in one query per database: each is counted as
    a subquery of one SELECT (Django counts a query it cannot simply count the same way)."""
    counts: list[int | None] = [None] * len(querysets)
    by_database: dict[str, list[int]] = {}
    for index, queryset in enumerate(querysets):
        by_database.setdefault(queryset.db, []).append(index)
    for database, indexes in by_database.items():
        parts, params, asked = [], [], []
        for index in indexes:
            try:
                # Keys only: what a row shows (``select_related``) is no part of a count.
                keys = querysets[index].order_by().values("pk")
                sql, query_params = keys.query.sql_with_params()
            except EmptyResultSet:  # a filter that can match nothing (``none()``, ``in []``)
                counts[index] = 0
                continue
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS line_{len(asked)})")
            params.extend(query_params)
            asked.append(index)
        if not asked:
            continue
        with connections[database].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            for index, value in zip(asked, cursor.fetchone(), strict=True):
                counts[index] = value
    return counts
