"""Admin lists of tens of thousands of rows: no second full count, and an estimate for the
unfiltered one.

Django's changelist counts the rows twice (the filtered count for the pages, the full
count for "N results (M total)"). ``LargeListAdminMixin`` drops the second, and its
paginator answers the unfiltered count from PostgreSQL's own statistics when the table is
large: staff read "about 25,000" the same way, and the page costs no scan of the table.
Filtered lists (a search, a filter, a hub's region) are counted exactly, and the count is
kept for the version of the network's data (``page_cache.version``, moved by any change to
a model of the public apps) so that paging through a filter, or the next staff member
opening the same filter, does not count the same rows again.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

# Below this many rows an exact count is cheap and exact is better.
ESTIMATE_FROM = 10_000


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the rows of ``queryset``'s table, if it is unfiltered."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= ESTIMATE_FROM else None


def choice_label(obj, field_name: str):
    """What ``obj.get_<field_name>_display()`` shows, for a list column: Django's method
    hashes every label of the field's choices to look one value up, translating each of
    them, for every row; this translates only the label shown."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return str(dict(field.flatchoices).get(value, value))


def kept_count(queryset) -> int:
    """``queryset.count()``, kept ``ADMIN_COUNT_CACHE_SECONDS`` for this version of the
    network's data when the model belongs to the apps whose changes move that version.

    The key is the query itself (its SQL and parameters), so each filter, search and
    staff scope has its own count. A change through the models moves the version at once;
    the seconds bound a change that bypasses them (a bulk ``update()``)."""
    return _kept(queryset, "count", queryset.count, empty=0)


def _kept(queryset, asked: str, answer, *, empty, rows=None):
    """``answer()`` about ``queryset``, kept as ``kept_count`` keeps a count; ``asked``
    names what is asked of it; ``rows()``, where given, digests its rows as ``rows_key``
    does (a caller that asks several things of the same rows digests them once)."""
    from .page_cache import version

    seconds = settings.ADMIN_COUNT_CACHE_SECONDS
    if seconds <= 0 or queryset.model._meta.app_label not in settings.PUBLIC_PAGE_APPS:
        return answer()
    digest = rows() if rows is not None else rows_key(queryset)
    if digest is None:
        return empty
    key = f"admin:{asked}:{version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = answer()
        cache.set(key, found, timeout=seconds)
    return found


def rows_key(queryset) -> str | None:
    """A digest of which rows ``queryset`` holds, from the SQL of their keys alone (None if
    it holds none): its columns, annotations and order do not change what is counted,
    and compiling them cost more than the rest of what is kept (1.3 ms for the activities
    list and its count of seats). A grouped, combined, sliced or ``DISTINCT ON`` query is
    taken whole, as its order or columns may decide its rows."""
    query = queryset.query
    reduced = not (
        query.group_by is not None
        or query.combinator
        or query.is_sliced
        or query.distinct_fields
        or getattr(queryset, "_fields", None) is not None
    )
    if reduced:
        queryset = queryset.order_by().values("pk")
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    what = "rows" if reduced else "query"
    return hashlib.sha256(f"{queryset.db}|{what}|{sql}|{params!r}".encode()).hexdigest()


class KeptDates:
    """What Django's date hierarchy asks of a list's rows (the first and last date, the
    years, months or days that have rows), kept as a filtered count is: the years of
    25,000 activities cost a scan and a sort of the table (5 ms) on every visit. Both
    questions of a visit are asked of the same rows, digested once."""

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> str | None:
        if not hasattr(self, "_rows"):
            self._rows = rows_key(self.queryset)
        return self._rows

    def aggregate(self, **aggregates):
        asked = "aggregate:" + ",".join(f"{k}={v!r}" for k, v in sorted(aggregates.items()))
        answer = lambda: self.queryset.aggregate(**aggregates)  # noqa: E731
        return _kept(self.queryset, asked, answer, empty=dict.fromkeys(aggregates), rows=self.rows)

    def dates(self, field_name: str, kind: str, order: str = "ASC"):
        return self._listed("dates", field_name, kind, order)

    def datetimes(self, field_name: str, kind: str, order: str = "ASC"):
        return self._listed("datetimes", field_name, kind, order)

    def _listed(self, method: str, field_name: str, kind: str, order: str) -> list:
        # Days and months are cut in the current time zone: a zone of its own.
        asked = f"{method}:{field_name}:{kind}:{order}:{timezone.get_current_timezone_name()}"

        def answer():
            return list(getattr(self.queryset, method)(field_name, kind, order))

        return _kept(self.queryset, asked, answer, empty=[], rows=self.rows)


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(self.object_list)
        return estimate if estimate is not None else kept_count(self.object_list)


class LargeListAdminMixin:
    show_full_result_count = False
    # Rendering a row costs far more than reading it (every cell goes through the admin's
    # display functions): 50 rows a page halve the page's time; staff search or filter
    # to find a city rather than leaf through thousands.
    list_per_page = 50
    paginator = EstimatedCountPaginator

    def action_checkbox(self, obj):
        """The row's checkbox for the list's actions, written directly: the same markup
        as Django's, which renders a form widget through the template engine for every
        row (a third of the time of the whole row)."""
        label = gettext("Select this object for an action - {}").format(escape(str(obj)))
        return mark_safe(
            f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{escape(obj.pk)}"'
            f' class="action-select" aria-label="{label}">'
        )
