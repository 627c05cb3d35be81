"""How an entry's stored values read for staff: labels of choices, names of records."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import AuditEntry

ERASED = "[erased]"


def _field(model, name):
    if model is None:
        return None
    for field in model._meta.get_fields():
        if getattr(field, "attname", None) == name or field.name == name:
            return field
    return None


def _one(field, value) -> str:
    if value is None or value == "":
        return "—"
    if value == ERASED:
        return _("(erased)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is None:
        return str(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if field.choices:
        labels = {str(k): v for k, v in field.flatchoices}
        return str(labels.get(str(value), value))
    if field.is_relation:
        related = field.related_model
        if isinstance(value, list):
            found = {o.pk: str(o) for o in related._base_manager.filter(pk__in=value)}
            return ", ".join(found.get(v, f"#{v}") for v in value) or "—"
        obj = related._base_manager.filter(pk=value).first()
        return str(obj) if obj is not None else _("#%(id)s (no longer exists)") % {"id": value}
    return str(value)


def entry_rows(entry: AuditEntry) -> list[dict]:
    model = entry.content_type.model_class()
    rows = []
    for name, pair in sorted(entry.changes.items()):
        before, after = ([*pair, None, None])[:2] if isinstance(pair, list) else (None, pair)
        field = _field(model, name)
        try:
            label = str(field.verbose_name) if field is not None else name
        except (AttributeError, FieldDoesNotExist):
            label = name
        rows.append({"field": label, "before": _one(field, before), "after": _one(field, after)})
    return rows


def who(entry: AuditEntry) -> str:
    if entry.actor_label:
        return entry.actor_label
    if entry.actor_id:
        return _("a former user")
    return _("the system")
