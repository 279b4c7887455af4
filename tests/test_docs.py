"""Docs stay true: every setting read from the environment and every command of the
project is documented in docs/deployment.md, and the README's two commands exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOYMENT = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented() -> None:
    pattern = re.compile(
        r"""(?:environ\.get|environ\[|env_bool|env_list|getenv)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    names = set()
    for path in list((ROOT / "config").rglob("*.py")) + list((ROOT / "dieuhanh").rglob("*.py")):
        if "tests" in path.parts:
            continue
        names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    names -= {"DJANGO_SETTINGS_MODULE"}  # documented as the profile switch
    assert names, "the scan found no settings: the pattern is broken"
    missing = sorted(n for n in names if f"`{n}`" not in DEPLOYMENT)
    assert missing == []


def test_every_project_command_is_documented() -> None:
    commands = {
        p.stem
        for p in (ROOT / "dieuhanh").glob("*/management/commands/*.py")
        if not p.stem.startswith("_")
    }
    assert {"demo", "serve", "orgunits"} <= commands
    missing = sorted(c for c in commands if f"dieuhanh {c}" not in DEPLOYMENT)
    assert missing == []


def test_readme_gives_the_two_commands() -> None:
    assert "python3 dev.py demo" in README
    assert "python3 dev.py test" in README
    assert (ROOT / "dev.py").exists() and (ROOT / ".ci" / "run").exists()
