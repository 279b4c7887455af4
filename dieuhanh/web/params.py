"""Reading numbers from a query string: an id is a non-negative integer that fits the
database's 64-bit integer; anything else is not an id (QA: ``?unit=99999999999999999999``
overflowed the database driver and answered 500)."""

from __future__ import annotations

from typing import Any

MAX_ID = 2**63 - 1


def id_param(value: Any) -> int | None:
    """``"42"`` → 42; empty, not a number, negative or too large → ``None``."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= MAX_ID else None
