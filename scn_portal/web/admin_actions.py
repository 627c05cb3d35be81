"""Admin actions that call a service for each selected row, or for the one record whose
page staff are on.

Every action of the portal's admin changes state through its app's service, never by
editing rows itself. A service refuses with a ``ValidationError`` (each app's error
class is one): that row is refused with the reason, the others go ahead, and staff are
told both. An action that needs input first (a reason, a date) asks for it on one
intermediate page; nothing changes until the form is valid. A button on a record's page
(``ask_then_apply_to_one``) asks the same way, and shows a refusal on its form.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from .forms import add_service_errors

ACTION_FORM_TEMPLATE = "admin/action_form.html"
OBJECT_ACTION_FORM_TEMPLATE = "admin/object_action_form.html"


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


def ask_then_apply_to_one(
    modeladmin,
    request,
    obj,
    *,
    form_class,
    title: str,
    apply: Callable[[Any, dict], Any],
    done: Callable[[Any], tuple[str, str]],
    explanation: str = "",
    form_kwargs: dict | None = None,
):
    """A button on ``obj``'s page: ask for the input on a page of its own, then
    ``apply(obj, data)``. The caller has checked that the user may do it.

    ``done(result)`` gives the success message and where to go next (the page of the
    record the service changed or created). A refusal shows on the form, which is
    answered again with status 400; nothing has changed then.
    """
    form = form_class(request.POST if request.method == "POST" else None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            result = apply(obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message, next_url = done(result)
            modeladmin.message_user(request, message, level=messages.SUCCESS)
            return HttpResponseRedirect(next_url)
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        OBJECT_ACTION_FORM_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "explanation": explanation,
            "form": form,
            "original": obj,
            "opts": modeladmin.model._meta,
            "media": modeladmin.media + form.media,
        },
        status=400 if form.errors else 200,
    )
