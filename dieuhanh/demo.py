"""The demo province: Lạng Sơn, built deterministically and idempotently.

Each app that has demo data registers a step with ``@demo_step``; ``dieuhanh demo`` runs
the steps in order. A step must be idempotent: running the demo twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_PROVINCE = "20"  # Lạng Sơn
DEFAULT_PASSWORD = "dieuhanh-demo"


@dataclass
class DemoContext:
    password: str
    password_given: bool
    log: Callable[[str], None]
    data: dict[str, Any] = field(default_factory=dict)


Step = Callable[[DemoContext], None]
_STEPS: list[tuple[int, str, Step]] = []


def demo_step(order: int, name: str) -> Callable[[Step], Step]:
    def register(func: Step) -> Step:
        _STEPS.append((order, name, func))
        return func

    return register


def steps() -> list[tuple[int, str, Step]]:
    # Importing the apps' demo modules registers their steps.
    import dieuhanh.accounts.demo
    import dieuhanh.directives.demo
    import dieuhanh.dossiers.demo
    import dieuhanh.indicators.demo
    import dieuhanh.orgunits.demo  # noqa: F401

    return sorted(_STEPS, key=lambda s: s[0])


def ensure_allowed() -> None:
    """Demo accounts have a published password: never in production settings."""
    if not settings.DIEUHANH_DEMO_ALLOWED:
        raise ImproperlyConfigured(
            "The demo is disabled in these settings (production). Use config.settings.dev."
        )


def build(*, password: str | None, log: Callable[[str], None]) -> DemoContext:
    ensure_allowed()
    ctx = DemoContext(
        password=password or DEFAULT_PASSWORD, password_given=password is not None, log=log
    )
    for _order, name, func in steps():
        log(f"· {name}")
        func(ctx)
    return ctx
