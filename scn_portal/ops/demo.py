"""The demo data registry: each app's demo step, run by ``manage.py seed_demo`` in order.

An app declares its step at the end of its ``demo.py``::

    register_demo(DemoStep(
        code="members",
        order=10,
        seed=seed,                      # upsert the app's demo records
        logins=[OFFICIAL],              # the demo logins whose role the app grants
        link_logins=link_demo_logins,   # give those users their role (a record of the app)
        summary=summary_rows,           # [(label, count), ...] for the printed summary
        synthetic=seed_synthetic,       # --scale N: synthetic records for load tests
    ))

Steps run in ``order`` (an app runs after the apps it stands on). The platform creates
the demo users (``DemoLogin``) and the Management Unit's; each app links the logins of
the roles it grants. The demo modules are imported only by the command, never by the
running portal.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoStep:
    code: str
    order: int
    seed: Callable[..., Any]
    logins: list[DemoLogin] = field(default_factory=list)
    link_logins: Callable[[dict[str, Any]], None] | None = None
    summary: Callable[[], list[tuple[str, int]]] | None = None
    synthetic: Callable[..., int] | None = None


_steps: dict[str, DemoStep] = {}


def register_demo(step: DemoStep) -> DemoStep:
    _steps[step.code] = step
    return step


def demo_steps() -> list[DemoStep]:
    """Every app's step, in order (the apps' ``demo.py`` modules are imported here)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return sorted(_steps.values(), key=lambda step: (step.order, step.code))
