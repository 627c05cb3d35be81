"""The rows of an admin list, written as Django's ``result_list`` writes them, for less.

Django's ``items_for_result`` decides everything about a column again for every cell: it
asks the model for a field of that name (a method column raises and catches
``FieldDoesNotExist`` on every row), works out the column's classes and empty value,
reverses the change page's address and re-reads the list's preserved filters for every
row. With 50 rows of 7 columns that is more than half of the time a list page takes to
render. Here each column is worked out once per page and the change page's address once
per list; what a cell shows is still computed by Django's own functions
(``lookup_field``, ``display_for_value``, ``display_for_field``), so the markup is the
same (``tests/web/test_seed_demo.py`` compares both on every list). A list that edits
rows in place (``list_editable``) is left to Django.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from scn_portal.web.admin_lists import KeptDates

register = template.Library()

# Stands for the row's key in the change page's address, reversed once per list.
_PK = "0scn-row-key0"
_NOWRAP = (models.DateField, models.TimeField, models.ForeignKey)
_HASHABLE = (str, int, type(None))


@dataclass
class _Column:
    name: Any
    classes: list[str]
    link: bool
    empty: Any
    field: Any = None  # the model field, when the column is one
    attr: Any = None  # the callable that gives the value, when it is one
    # The column's choices with their labels in the page's language, when it is a field
    # of Django's with choices: each cell of it shows the label of its value.
    labels: dict | None = None


def _columns(cl) -> list[_Column]:
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    opts = cl.model._meta
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        else:
            link = (first and not cl.list_display_links) or name in cl.list_display_links
        if link:
            first = False
        column = _Column(
            name=name,
            classes=[f"field-{admin_list._coerce_field_name(name, index)}"],
            link=link,
            empty=empty,
        )
        try:
            column.field = _get_non_gfk_field(opts, name)
            column.labels = _labels(column.field)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                column.attr = name
            elif hasattr(model_admin, name) and name != "__str__":
                column.attr = getattr(model_admin, name)
        columns.append(column)
    return columns


def _labels(field) -> dict | None:
    """What ``display_for_field`` shows for each of ``field``'s choices, translated once
    for the page rather than every label for every cell. Only for Django's own fields
    (a package's field may be shown its own way) with choices that can be looked up."""
    if not type(field).__module__.startswith("django.") or not getattr(field, "flatchoices", None):
        return None
    try:
        return {value: str(label) for value, label in field.flatchoices}
    except TypeError:  # choices of lists: Django's own way
        return None


def _lookup(column: _Column, result, model_admin):
    """What ``lookup_field`` answers, without asking the model for the field every row."""
    if column.field is not None:
        return column.field, None, getattr(result, column.name)
    if column.attr is not None:
        return None, column.attr, column.attr(result)
    return lookup_field(column.name, result, model_admin)


def _with_filters(cl, url: str) -> str:
    """``url`` carrying the list's filters back, as Django's rows link to a change page."""
    return add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)


def _change_url(cl):
    """The change page's address with ``_PK`` for the row's key (and the list's preserved
    filters), or None where each row's must be asked (a list's own ``url_for_result``)."""
    if type(cl).url_for_result is not ChangeList.url_for_result:
        return None
    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(_PK,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    return _with_filters(cl, url)


def _row_url(cl, change_url, result):
    pk = getattr(result, cl.pk_attname)
    if change_url is not None and isinstance(pk, int):
        return change_url.replace(_PK, str(pk), 1)
    try:
        url = cl.url_for_result(result)
    except NoReverseMatch:
        return None
    return _with_filters(cl, url)


def _cells(cl, columns: list[_Column], change_url, result):
    model_admin = cl.model_admin
    first = True
    for column in columns:
        classes = column.classes
        empty = column.empty
        try:
            f, attr, value = _lookup(column, result, model_admin)
        except ObjectDoesNotExist:
            result_repr = empty
        else:
            empty = getattr(attr, "empty_value_display", empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if f is None or f.auto_created:
                if column.name == "action_checkbox":
                    classes = ["action-checkbox"]
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                result_repr = display_for_value(value, empty, boolean)
                if isinstance(value, (datetime.date, datetime.time)):
                    classes = [*classes, "nowrap"]
            else:
                if isinstance(f.remote_field, models.ManyToOneRel):
                    related = getattr(result, f.name)
                    result_repr = empty if related is None else related
                elif column.labels is not None and isinstance(value, _HASHABLE):
                    result_repr = column.labels.get(value, empty)
                else:
                    # Looked up on the module each time: packages (django-money) replace it.
                    result_repr = admin_list.display_for_field(
                        value, f, empty, avoid_link=column.link
                    )
                if isinstance(f, _NOWRAP):
                    classes = [*classes, "nowrap"]
        row_class = f' class="{" ".join(classes)}"'
        if column.link:
            tag = "th" if first else "td"
            first = False
            link_or_text = result_repr
            url = _row_url(cl, change_url, result)
            if url is not None:
                attr_name = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
                opener = (
                    format_html(' data-popup-opener="{}"', result.serializable_value(attr_name))
                    if cl.is_popup
                    else ""
                )
                link_or_text = format_html('<a href="{}"{}>{}</a>', url, opener, result_repr)
            yield mark_safe(f"<{tag}{row_class}>{conditional_escape(link_or_text)}</{tag}>")
        else:
            yield mark_safe(f"<td{row_class}>{conditional_escape(result_repr)}</td>")


def results(cl):
    """The rows of ``cl``'s page, as ``admin_list.results`` gives them."""
    if cl.formset:
        yield from admin_list.results(cl)
        return
    columns = _columns(cl)
    change_url = _change_url(cl)
    for result in cl.result_list:
        yield admin_list.ResultList(None, _cells(cl, columns, change_url, result))


def result_list(cl):
    """The context of Django's ``result_list`` tag, with the rows written above."""
    headers = list(admin_list.result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": list(results(cl)),
    }


@register.tag(name="admin_result_list")
def result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


@register.inclusion_tag("admin/date_hierarchy.html")
def kept_date_hierarchy(cl):
    """Django's ``date_hierarchy`` tag, with the dates it lists kept as a filtered list's
    count is (``admin_lists.KeptDates``)."""
    queryset = cl.queryset
    cl.queryset = KeptDates(queryset)
    try:
        return admin_list.date_hierarchy(cl)
    finally:
        cl.queryset = queryset
