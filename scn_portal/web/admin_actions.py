"""Admin actions that call a service for each selected row.

Every action of the portal's admin changes state through its app's service, never by
editing rows itself. A service refuses with a ``ValidationError`` (each app's error
class is one): that row is refused with the reason, the others go ahead, and staff are
told both. An action that needs input first (a reason, a date) asks for it on one
intermediate page; nothing changes until the form is valid.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

ACTION_FORM_TEMPLATE = "admin/action_form.html"


def apply_to_each(
    modeladmin,
    request,
    queryset,
    apply: Callable[[Any], Any],
    *,
    done: Callable[[int], str],
    label: Callable[[Any], str] = str,
) -> int:
    """Call ``apply(obj)`` for each selected row; return how many succeeded.

    ``done(n)`` is the success message (a translated, pluralised sentence).
    """
    succeeded = 0
    for obj in queryset:
        try:
            apply(obj)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"{label(obj)}: {' '.join(exc.messages)}", level=messages.ERROR
            )
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done(succeeded), level=messages.SUCCESS)
    return succeeded


def ask_then_apply(
    modeladmin,
    request,
    queryset,
    *,
    form_class,
    title: str,
    apply: Callable[[Any, dict], Any],
    done: Callable[[int], str],
    label: Callable[[Any], str] = str,
):
    """Ask for the action's input on an intermediate page, then ``apply(obj, data)``."""
    applying = "apply" in request.POST
    form = form_class(request.POST if applying else None)
    if applying and form.is_valid():
        apply_to_each(
            modeladmin,
            request,
            queryset,
            lambda obj: apply(obj, form.cleaned_data),
            done=done,
            label=label,
        )
        return None
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        ACTION_FORM_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "objects": [(obj.pk, label(obj)) for obj in queryset],
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
            "media": modeladmin.media + form.media,
        },
    )
