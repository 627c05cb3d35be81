"""Reminder rules: who is due a reminder, for which occasion, with which email.

An app declares its rules in its ``reminders.py``::

    @register
    class UnverifiedEmail(ReminderRule):
        code = "accounts.unverified_email"
        label = _("Email address not verified after 3 days")
        template = "emails/reminders/unverified_email"

        def due(self):
            for address in ...:
                yield Due(user=address.user, email=address.email,
                          occasion=f"email:{address.pk}", context={...})

The template name is the base of three files: ``_subject.txt``, ``.txt`` and ``.html``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Due:
    email: str
    occasion: str
    user: Any = None
    language: str | None = None
    context: dict = field(default_factory=dict)


class ReminderRule:
    code: str = ""
    label: Any = ""
    template: str = ""
    max_attempts: int = 3

    def due(self) -> Iterable[Due]:
        raise NotImplementedError


_rules: dict[str, ReminderRule] = {}


def register(rule_class: type[ReminderRule]) -> type[ReminderRule]:
    _rules[rule_class.code] = rule_class()
    return rule_class


def get(code: str) -> ReminderRule | None:
    return _rules.get(code)


def all_rules() -> list[ReminderRule]:
    return list(_rules.values())
