"""How governance's admin saves: through the services, with refusals shown on the form.

Every add or change of a governed record in the admin (``save_model``, and the inline
rows of ``save_formset``) calls the record's service, which checks its rules, stamps who
did it and names the audit event. A refusal must show as a form error, not a server
error; but by the time Django calls ``save_model`` the form has been validated. So each
admin form asks the same service's ``check_…`` function in ``clean``
(``governance.forms.ChecksWithService``): the rule lives once, in the service, and is
asked twice, once to answer the form and once to save. Django's admin validates and
saves in one transaction, so a lock a check takes (the ISC's seats) is still held when
the service saves.

A service creates its own row; ``take_saved`` makes the admin's unsaved object that row,
so the admin's inlines, history and redirect go on with it.
"""

from collections.abc import Callable

from django.db import models


def take_saved(obj: models.Model, saved: models.Model) -> None:
    """Give the admin's unsaved ``obj`` the values (and the primary key) of ``saved``."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def save_rows(
    formset,
    *,
    add: Callable[[models.Model], models.Model],
    change: Callable[[models.Model, list[str]], object],
) -> None:
    """Save an inline formset row by row through services.

    ``add(row)`` creates a new row and returns it; ``change(row, changed_fields)`` saves a
    changed one (``row`` already holds the form's values). Deleted rows are deleted.
    """
    formset.save(commit=False)
    for row in formset.deleted_objects:
        row.delete()
    for row in formset.new_objects:
        take_saved(row, add(row))
    for row, changed in formset.changed_objects:
        change(row, changed)
    formset.save_m2m()
