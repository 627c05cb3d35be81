"""Which models are audited, and the signal handlers that write their entries."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import context, events

_registry: dict[type[models.Model], frozenset[str]] = {}
_m2m: dict[type[models.Model], frozenset[str]] = {}
ALWAYS_EXCLUDED = frozenset({"password", "last_login"})


def register(model: type[models.Model], *, exclude: tuple[str, ...] = (), m2m: tuple = ()):
    """Audit every change of ``model``; ``exclude`` names fields never recorded (secrets).

    ``m2m`` names many-to-many fields whose additions and removals are recorded too.
    """
    _registry[model] = frozenset(exclude) | ALWAYS_EXCLUDED
    _m2m[model] = frozenset(m2m)
    uid = f"scn_audit_{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}_pre_save")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}_post_save")
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}_pre_delete")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}_post_delete")
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}_{name}_m2m")


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


def audited_relations(model: type[models.Model]) -> frozenset[str]:
    """The many-to-many fields of ``model`` whose additions and removals are recorded."""
    return _m2m.get(model, frozenset())


def _mirrored_fields(model) -> set[str]:
    """Fields modeltranslation mirrors into ``<name>_<lang>`` columns (recorded there)."""
    try:
        from modeltranslation.translator import NotRegistered, translator
    except ImportError:  # pragma: no cover
        return set()
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def audited_fields(model) -> list[models.Field]:
    excluded = _registry.get(model, ALWAYS_EXCLUDED) | _mirrored_fields(model)
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in excluded and not f.primary_key and not getattr(f, "auto_now", False)
    ]


def _plain(value):
    """A value as JSON can keep it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file
        return value.name or ""
    return str(value)


def _values(instance) -> dict:
    return {f.attname: _plain(getattr(instance, f.attname)) for f in audited_fields(type(instance))}


def _stored_values(instance) -> dict | None:
    fields = audited_fields(type(instance))
    row = (
        models.QuerySet(model=type(instance))
        .filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    if row is None:
        return None
    return {key: _plain(value) for key, value in row.items()}


def record_entry(instance, *, action: str, changes: dict, event: str = "") -> None:
    """Write an entry the signals cannot (an erasure, which suppresses them)."""
    if event:
        with events.audit_event(event):
            _write(instance, action, changes)
    else:
        _write(instance, action, changes)


def _write(instance, action: str, changes: dict) -> None:
    from .models import AuditEntry

    actor = context.current()
    user = actor.user
    request = actor.request
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    label = actor.label or (getattr(user, "email", "") if user is not None else "")
    AuditEntry.objects.create(
        action=action,
        event=events.current_event(),
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=_describe(instance),
        changes=changes,
        actor=user if user is not None and user.pk else None,
        actor_label=label[:254],
        source=actor.source[:100],
        ip_address=actor.ip,
        path=actor.path,
    )


def _describe(instance) -> str:
    try:
        return str(instance)[:300]
    except Exception:
        return f"{instance._meta.verbose_name} #{instance.pk}"


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or context.is_suppressed():
        return
    instance._scn_audit_before = _stored_values(instance) if instance.pk else None


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or context.is_suppressed():
        return
    before = getattr(instance, "_scn_audit_before", None)
    after = _values(instance)
    if created or before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
        _write(instance, "created", changes)
        return
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        _write(instance, "changed", changes)


def _before_delete(sender, instance, **kwargs) -> None:
    if context.is_suppressed():
        return
    instance._scn_audit_before = _values(instance)


def _after_delete(sender, instance, **kwargs) -> None:
    if context.is_suppressed():
        return
    before = getattr(instance, "_scn_audit_before", None) or {}
    changes = {k: [v, None] for k, v in before.items() if v not in (None, "", [], {})}
    _write(instance, "deleted", changes)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if context.is_suppressed() or reverse:
        # Reverse changes (from the other side) are recorded from the audited side only
        # when that side is registered; the forward side is how the portal changes roles.
        return
    field = next(f for f in type(instance)._meta.many_to_many if f.remote_field.through is sender)
    if action in ("pre_add", "pre_remove", "pre_clear"):
        instance._scn_audit_m2m = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    before = getattr(instance, "_scn_audit_m2m", [])
    after = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if before != after:
        _write(instance, "changed", {field.name: [before, after]})
