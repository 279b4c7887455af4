"""Fixtures of the dossier tests: the dossier measures of the demo catalogue (through the
indicator services), a fixed "now", and a helper that imports a file as the CLI does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

from dieuhanh.dossiers import services
from dieuhanh.dossiers.counting import DOSSIER_MEASURES, FEEDBACK_MEASURES, PROCEDURE_MEASURES
from dieuhanh.dossiers.models import ImportRun
from dieuhanh.orgunits.models import OrgUnit

FILES = Path(__file__).resolve().parent / "files"
NOW = datetime(2025, 1, 15, 12, 0)
CATALOGUE = resources.files("dieuhanh.indicators") / "data" / "demo-catalogue.yaml"


def catalogue_measures() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {m["code"]: m for m in data["measures"]}


@pytest.fixture
def measures(db: Any) -> None:
    """The measures the dossier module writes, as the province's catalogue defines them."""
    from dieuhanh.indicators.services import measure_save

    defined = catalogue_measures()
    for code in (*DOSSIER_MEASURES, *PROCEDURE_MEASURES, *FEEDBACK_MEASURES):
        m = defined[code]
        measure_save(
            actor=None,
            code=code,
            name=m["name"],
            unit_of_measure=m["unit"],
            frequency=m["frequency"],
            time_aggregation=m["time"],
            spatial_aggregation=m["space"],
            reported_by=",".join(m.get("reported_by", [])),
        )


@pytest.fixture
def run_import(db: Any, tmp_path: Path) -> Callable[..., ImportRun]:
    def run(
        source: Path | str,
        *,
        kind: str = ImportRun.Kind.DOSSIERS,
        mode: str = ImportRun.Mode.ALL_OR_NOTHING,
        name: str | None = None,
        now: datetime = NOW,
        batch_size: int | None = None,
    ) -> ImportRun:
        if isinstance(source, str):  # text given: write it to a file named ``name``
            path = tmp_path / (name or "import.csv")
            path.write_text(source, encoding="utf-8")
        else:
            path = source
        run = ImportRun.objects.create(
            kind=kind,
            origin=ImportRun.Origin.CLI,
            mode=mode,
            file_path=str(path),
            file_name=name or path.name,
        )
        return services.import_execute(run=run, now=now, batch_size=batch_size)

    return run


@pytest.fixture
def stp(db: Any) -> OrgUnit:
    return OrgUnit.objects.get(code="20-STP")


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


# The screens' tests: the test files imported, and a signed-in viewer and coordinator.


@pytest.fixture
def data(measures: None, run_import: Callable[..., ImportRun]) -> None:
    run_import(FILES / "procedures.csv", kind=ImportRun.Kind.PROCEDURES)
    run_import(FILES / "dossiers.csv")
    run_import(FILES / "feedback.csv", kind=ImportRun.Kind.FEEDBACK)


@pytest.fixture
def viewer(make_user: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(make_user("viewer"))
    return client


@pytest.fixture
def coordinator(make_user: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(make_user("coordinator"))
    return client
