"""Export and erase a person's data: the platform's orchestration over every app's part.

Secrets (password hashes, second-factor keys, session keys) are never exported. Erasure
removes what identifies the person in every app and in the audit trail's copies, and
keeps the records others need (an ISC term, a comment on minutes, a decision), which then
name "a former member".
"""

import logging
import re

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.context import suppressed
from scn_portal.audit.models import AuditEntry
from scn_portal.audit.registry import record_entry

from . import registry
from .registry import Subject

security_logger = logging.getLogger("scn_portal.security")

ERASED = "[erased]"


class ErasureRefused(ValidationError):
    """The erasure cannot happen now; the message says why (translated)."""


def subject_of(record) -> Subject:
    """The person as every part sees them, with every address and name they are known by:
    their record's, their account's, and the account's sign-in addresses."""
    source = registry.source()
    user = source.user_of(record)
    addresses = set(source.addresses(record))
    names = set(source.names(record))
    if user is not None:
        addresses.add(user.email)
        addresses.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        names.add(user.full_name)
    return Subject(
        record=record,
        user=user,
        addresses={a for a in addresses if a},
        names={n for n in names if n},
    )


def export_person(record) -> dict:
    """Everything the portal holds about the person, as plain data for JSON."""
    subject = subject_of(record)
    data: dict = {}
    for part in registry.parts():
        _merge(data, part.export(subject))
    return data


def _merge(into: dict, data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def erase_person(*, person, by) -> dict:
    """Delete or anonymise everything that identifies ``person``, everywhere; keep the rest.

    The person's row is locked for the whole transaction; a part that refuses (a current
    ISC term) stops it before anything changes. One audit entry records the erasure; the
    security log records who asked. The caller checks that ``by`` may erase.
    """
    source = registry.source()
    with transaction.atomic():
        record = source.lock(person)
        if source.is_erased(record):
            raise ErasureRefused(_("This person's personal data has already been erased."))
        subject = subject_of(record)
        for part in registry.parts():
            reason = part.erasure_refused(subject)
            if reason:
                raise ErasureRefused(reason)
        gathered = {part.code: part.gather(subject) for part in registry.parts()}
        own = [
            record_key
            for part in registry.parts()
            for record_key in part.own_records(subject, gathered[part.code])
        ]
        summary: dict = {}
        with suppressed():
            for part in registry.parts():
                summary.update(part.erase(subject, gathered[part.code]))
        _erase_audit_copies(subject, own)
        erased = {name: [ERASED, None] for name in source.erased_fields}
        if subject.user is not None:
            erased["user"] = [ERASED, None]
        record_entry(record, action="erased", changes=erased)
    security_logger.info(
        "personal data erased: person=%s by user_id=%s",
        getattr(record, "code", record.pk),
        getattr(by, "pk", None),
    )
    return summary


def _erase_audit_copies(subject: Subject, own: list[tuple[str, int]]) -> None:
    """Remove the person's data from the audit trail's copies and the admin's own log."""
    fields = registry.audit_fields()
    former = str(_("a former member"))
    person_label = subject.record._meta.label_lower
    user_label = subject.user._meta.label_lower if subject.user is not None else None
    for label, pk in own:
        app_label, model = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        personal = fields.get(label, ())
        for entry in AuditEntry.objects.filter(content_type=content_type, object_id=str(pk)):
            entry.changes = {
                name: _blank_pair(pair) if name in personal else pair
                for name, pair in entry.changes.items()
            }
            if label in (person_label, user_label):
                entry.object_repr = former
            entry.save(update_fields=["changes", "object_repr"])
    if subject.user is not None:
        AuditEntry.objects.filter(actor=subject.user).update(
            actor_label="", ip_address=None, path=""
        )
    # Any other copy of a name or an address (a record's description, a text field).
    identifiers = {v for v in (*subject.names, *subject.addresses) if len(v) >= 4}
    for identifier in identifiers:
        mentioning = AuditEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(
            Q(object_repr__icontains=identifier) | Q(changes_text__icontains=identifier)
        )
        for entry in mentioning:
            entry.object_repr = _scrub(entry.object_repr, identifier)
            entry.changes = _scrub(entry.changes, identifier)
            entry.save(update_fields=["object_repr", "changes"])
        for log in LogEntry.objects.filter(
            Q(object_repr__icontains=identifier) | Q(change_message__icontains=identifier)
        ):
            log.object_repr = _scrub(log.object_repr, identifier)
            log.change_message = _scrub(log.change_message, identifier)
            log.save(update_fields=["object_repr", "change_message"])


def _blank_pair(pair):
    if not isinstance(pair, list):
        return ERASED
    return [v if v in (None, "", []) else ERASED for v in pair]


def _scrub(value, identifier: str):
    """``value`` with every occurrence of ``identifier`` (any case) replaced."""
    if isinstance(value, str):
        return re.sub(re.escape(identifier), ERASED, value, flags=re.IGNORECASE)
    if isinstance(value, list):
        return [_scrub(v, identifier) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, identifier) for k, v in value.items()}
    return value


def when(value):
    """A date or moment as the export writes it."""
    return value.isoformat() if value else None
