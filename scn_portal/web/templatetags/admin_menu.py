"""The admin's menu of sections in every page's sidebar, rendered once per kept menu.

A person's menu is kept per language (``scn_portal.admin_site``); rendering it is the
same work on every page (a row per model, about a sixth of a list page's time). The
first page renders it once with marks where the template asks whether a section or a
model is the page's own; every page then resolves those marks against its own path, so
the result is what rendering it afresh gives.
"""

import html
import re

from django import template
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

MARK = "\x1e"
_MARKS = re.compile(f"{MARK}([sca])([^{MARK}]*){MARK}")
_CURRENT = {"s": " current-app", "c": " current-model", "a": ' aria-current="page"'}


@register.simple_tag(takes_context=True)
def admin_app_list(context, app_list, show_changelinks=False):
    request = context.get("request")
    values = {"app_list": app_list, "show_changelinks": show_changelinks, "request": request}
    kept = getattr(app_list, "rendered", None)
    if kept is None:  # a menu made for this page only
        return render_to_string("admin/app_list.html", values)
    marked = kept.get(show_changelinks)
    if marked is None:
        marked = kept[show_changelinks] = render_to_string(
            "admin/app_list.html", {**values, "mark": MARK}
        )
    path = urlencode(request.path) if request is not None else ""

    def resolve(match: re.Match) -> str:
        return _CURRENT[match[1]] if html.unescape(match[2]) in path else ""

    return mark_safe(_MARKS.sub(resolve, marked))
