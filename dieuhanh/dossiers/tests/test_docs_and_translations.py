"""What a linter cannot check: docs/dossiers.md documents every column the importers read,
docs/deployment.md every command, the province's catalogue has every measure the counts
write."""

from __future__ import annotations

from pathlib import Path

import pytest

from dieuhanh.dossiers.counting import DOSSIER_MEASURES, FEEDBACK_MEASURES, PROCEDURE_MEASURES
from dieuhanh.dossiers.importing import DOSSIER_SPEC, FEEDBACK_SPEC, PROCEDURE_SPEC
from dieuhanh.dossiers.tests.conftest import catalogue_measures

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "dieuhanh" / "dossiers"
DOC = (ROOT / "docs" / "dossiers.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", [DOSSIER_SPEC, PROCEDURE_SPEC, FEEDBACK_SPEC])
def test_every_column_is_documented(spec: object) -> None:
    columns = [*spec.columns, *spec.lists]  # type: ignore[attr-defined]
    assert [c for c in columns if f"`{c}`" not in DOC] == []


def test_every_count_has_a_measure_in_the_catalogue() -> None:
    defined = catalogue_measures()
    for code in DOSSIER_MEASURES + FEEDBACK_MEASURES:
        assert defined[code]["frequency"] == "month", code
    for code in PROCEDURE_MEASURES:
        assert (defined[code]["time"], defined[code]["space"]) == ("period", "none"), code
    assert defined["in_progress_overdue"]["time"] == "stock"
    assert defined["feedback_in_progress"]["time"] == "stock"


def test_every_command_is_in_the_deployment_guide() -> None:
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    for command in (
        "dossiers import",
        "dossiers stats",
        "dossiers recount",
        "dossiers token",
        "procedures import",
        "feedback import",
        "jobs work",
    ):
        assert f"`dieuhanh {command}" in guide, command
    assert "`DIEUHANH_JOBS_SPAWN`" in guide
