"""The kinds of report the portal can render.

An app declares a report in its ``reports.py``::

    register(ReportKind(
        code="network_at_a_glance",
        title=_("Network at a glance"),
        template="print/network_at_a_glance.html",
        build_context=network_at_a_glance_context,
        may_request=is_mu_staff,
    ))

``build_context(parameters)`` runs inside the worker in the report's language and
returns the template context; ``may_request(user)`` says who may ask for it. A kind
that needs parameters the generic form cannot give (which city, which minutes) sets
``in_request_form=False`` and is requested through its app's own service, which checks
access to the object before calling ``request_report``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportKind:
    code: str
    title: Any
    template: str
    build_context: Callable[[dict], dict]
    may_request: Callable[[Any], bool]
    in_request_form: bool = True

    def filename(self, language: str) -> str:
        return f"{self.code.replace('_', '-')}-{language}.pdf"


_kinds: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    _kinds[kind.code] = kind
    return kind


def get(code: str) -> ReportKind | None:
    return _kinds.get(code)


def all_kinds() -> list[ReportKind]:
    return list(_kinds.values())
