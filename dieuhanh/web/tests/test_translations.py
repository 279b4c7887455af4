"""The interface is Vietnamese first: every string must have a Vietnamese translation,
and the compiled catalogue must match its source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "dieuhanh" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _tools_or_skip(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if os.environ.get("DIEUHANH_REQUIRE_TOOLS"):
            pytest.fail(f"required tool(s) missing: {missing} (install gettext)")
        pytest.skip(f"GNU gettext not installed ({', '.join(missing)})")


def _untranslated(po_text: str) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy (header excluded)."""
    problems = []
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        if not ids:
            continue
        start = ids[0]
        end = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        msgid = "".join(
            line.split(" ", 1)[-1].strip('"') if i == start else line.strip('"')
            for i, line in enumerate(lines[start:end], start)
        )
        msgstr = "".join(
            line.split(" ", 1)[-1].strip('"') if line.startswith("msgstr") else line.strip('"')
            for line in lines[end:]
        )
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if msgid and (not msgstr or fuzzy):
            problems.append(msgid)
    return problems


def test_every_catalogued_string_is_translated() -> None:
    assert _untranslated(PO.read_text(encoding="utf-8")) == []


def test_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    _tools_or_skip("msgfmt")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), "run msgfmt: django.mo is stale"


def test_no_interface_string_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    _tools_or_skip("xgettext", "msgmerge")
    copy = tmp_path / "dieuhanh"
    shutil.copytree(
        ROOT / "dieuhanh", copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo")
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--no-location",
            "-i",
            "core/*",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    regenerated = (copy / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert _untranslated(regenerated) == [], "new interface strings need a Vietnamese msgstr"
