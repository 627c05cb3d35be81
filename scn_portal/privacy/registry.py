"""What each app holds about a person, and how the person is found (see the package)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


@dataclass
class Subject:
    """The person whose data is exported or erased, as every part sees them.

    ``addresses`` and ``names`` are gathered before anything is erased: once the account
    is erased they could no longer be found.
    """

    record: Model
    user: Any = None
    addresses: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


class SubjectSource:
    """How the app that keeps people finds, locks and names one (registered once)."""

    # The fields of the person's own record that an erasure empties (for the trail).
    erased_fields: tuple[str, ...] = ()

    def find(self, code) -> Model | None:
        raise NotImplementedError

    def lock(self, record: Model) -> Model:
        """The record again, locked for the erasure's transaction."""
        raise NotImplementedError

    def is_erased(self, record: Model) -> bool:
        raise NotImplementedError

    def user_of(self, record: Model):
        return None

    def addresses(self, record: Model) -> set[str]:
        return set()

    def names(self, record: Model) -> set[str]:
        return set()

    def admin_url(self, record: Model) -> str:
        raise NotImplementedError


class PersonalData:
    """What one app holds about a person. Subclass in the app's ``privacy.py``.

    Parts run in ``order`` (the account's own part last: others find records through it).
    """

    code: str = ""
    order: int = 100
    # "app_label.model" -> fields of the audit trail's copies that hold the person's data.
    audit_fields: dict[str, tuple[str, ...]] = {}

    def export(self, subject: Subject) -> dict:
        """Keys of the export; a nested dict is merged into the part of the same name."""
        return {}

    def erasure_refused(self, subject: Subject):
        """A translated reason why the person cannot be erased now, or None."""
        return None

    def keeps_person(self, subject: Subject) -> bool:
        """Whether the app keeps the person for a reason of its own (an ISC term, an
        expert profile), so that no automatic retention rule may erase them."""
        return False

    def gather(self, subject: Subject) -> Any:
        """What the erasure needs to know before anything is erased (handed back to
        ``erase`` and ``own_records``)."""
        return None

    def own_records(self, subject: Subject, gathered) -> list[tuple[str, int]]:
        """("app_label.model", pk) of records whose audit copies hold the person's data."""
        return []

    def erase(self, subject: Subject, gathered) -> dict:
        """Erase or anonymise the app's records of the person; return a summary."""
        return {}


_parts: dict[str, PersonalData] = {}
_source: list[SubjectSource] = []


def register(part_class: type[PersonalData]) -> type[PersonalData]:
    _parts[part_class.code] = part_class()
    return part_class


def register_source(source_class: type[SubjectSource]) -> type[SubjectSource]:
    _source[:] = [source_class()]
    return source_class


def parts() -> list[PersonalData]:
    return sorted(_parts.values(), key=lambda part: (part.order, part.code))


def source() -> SubjectSource:
    if not _source:
        raise LookupError("No app registered where people are kept (register_source).")
    return _source[0]


def audit_fields() -> dict[str, tuple[str, ...]]:
    fields: dict[str, tuple[str, ...]] = {}
    for part in parts():
        fields.update(part.audit_fields)
    return fields
