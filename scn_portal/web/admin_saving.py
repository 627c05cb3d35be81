"""How the admin saves: through the apps' services, with a refusal shown on the form.

Every add or change of a governed record in the admin (``save_model``, and the inline
rows of ``save_formset``) calls its service, which checks the rules, stamps who did it
and names the audit event. By the time Django calls ``save_model`` the form has been
validated, so a service that refuses raises a ``ValidationError`` there: an admin with
``ServiceSaveMixin`` rolls the attempt back to a savepoint and shows the page again from
the same POST with the refusal on the form (never a server error, nothing half-saved).

A service creates its own row; ``take_saved`` makes the admin's unsaved object that row,
so the admin's inlines, history and redirect go on with it.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .forms import add_service_errors


class ServiceSaveMixin:
    """A service's refusal during the admin's save is shown on the form, and nothing of
    the attempt is kept."""

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic():
                return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            request._scn_service_refusal = refusal
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, *args, **kwargs):
        form_class = super().get_form(request, *args, **kwargs)
        refusal = getattr(request, "_scn_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_service_errors(self, refusal)
                return cleaned

        return RefusedForm


def take_saved(obj: models.Model, saved: models.Model) -> None:
    """Give the admin's unsaved ``obj`` the values (and the primary key) of ``saved``."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def save_rows(
    formset,
    *,
    add: Callable[[models.Model], models.Model | None],
    change: Callable[[models.Model, list[str]], object],
    remove: Callable[[models.Model], object] | None = None,
) -> None:
    """Save an inline formset row by row through services.

    ``add(row)`` creates a new row (returning the row it saved, if not ``row`` itself);
    ``change(row, changed_fields)`` saves a changed one (``row`` already holds the form's
    values); ``remove(row)`` ends one ticked for deletion (deleted, without it).
    """
    formset.save(commit=False)
    for row in formset.deleted_objects:
        (remove or (lambda r: r.delete()))(row)
    for row in formset.new_objects:
        saved = add(row)
        if saved is not None and saved is not row:
            take_saved(row, saved)
    for row, changed in formset.changed_objects:
        change(row, changed)
    formset.save_m2m()
