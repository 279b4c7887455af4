"""The pure core must not import Django or any app: it is reused outside the web app."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
FORBIDDEN = ("django", "ninja", "dieuhanh.accounts", "dieuhanh.orgunits", "dieuhanh.web")


def test_core_imports_no_django() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert offenders == []
