"""The commands: import with its report, stats as JSON from the engine or for a date
range, recount, tokens (through call_command, as the IT staff run them)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from dieuhanh.dossiers.models import ApiToken, Dossier
from dieuhanh.dossiers.tests.conftest import FILES

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def imported(measures: None) -> None:
    run("procedures", "import", str(FILES / "procedures.csv"))
    run("dossiers", "import", str(FILES / "dossiers.csv"))


def test_import_reports_what_it_did(measures: None) -> None:
    out, _err = run("dossiers", "import", str(FILES / "dossiers.csv"))
    assert "13 mới" in out and "0 bị loại" in out
    assert Dossier.objects.count() == 13
    out, _err = run("dossiers", "import", str(FILES / "dossiers.csv"))
    assert "13 không đổi" in out


def test_bad_rows_are_listed_and_all_or_nothing_fails(measures: None, tmp_path: Any) -> None:
    bad = tmp_path / "bad.csv"
    text = (
        (FILES / "dossiers.csv")
        .read_text(encoding="utf-8")
        .replace("S002,1.002,,CT,1,2024-09-10T08:00:00", "S002,1.002,,CT,1,2024-09-31T08:00:00")
    )
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("dossiers", "import", str(bad), stdout=StringIO(), stderr=(err := StringIO()))
    assert "Dòng 3, cột NgayTiepNhan" in err.getvalue()
    assert Dossier.objects.count() == 0
    out, _err = run("dossiers", "import", str(bad), "--mode", "skip-bad-rows")
    assert "12 mới" in out and "1 bị loại" in out


def test_stats_json_for_any_period(imported: None) -> None:
    out, _err = run(
        "dossiers", "stats", "--unit", "20-STP", "--period", "2024-09", "--format", "json"
    )
    data = json.loads(out)
    for key in (
        "unit",
        "period",
        "received",
        "received_online",
        "received_direct",
        "received_postal",
        "resolved_on_time",
        "resolved_late",
        "in_progress_in_time",
        "in_progress_overdue",
        "paid_online",
        "digitised",
        "electronic_result",
    ):
        assert key in data
    assert (data["unit"], data["period"], data["received"], data["resolved_late"]) == (
        "20-STP",
        "2024-09",
        5,
        1,
    )
    for period, received in (("2024-Q3", 6), ("2024-9M", 6), ("2024-H2", 11), ("2024", 11)):
        out, _err = run("dossiers", "stats", "--unit", "20", "--period", period, "--format", "json")
        assert json.loads(out)["received"] == received, period
    out, _err = run(
        "dossiers", "stats", "--unit", "20", "--period", "quý III/2024", "--format", "json"
    )
    assert json.loads(out)["period"] == "2024-Q3"


def test_stats_for_a_date_range(imported: None) -> None:
    out, _err = run(
        "dossiers",
        "stats",
        "--unit",
        "20",
        "--from",
        "01/09/2024",
        "--to",
        "2024-09-15",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["received"] == 3  # S001, S002, S006 (S009 not accepted)
    assert (data["from"], data["to"]) == ("2024-09-01", "2024-09-15")


def test_stats_table_and_errors(imported: None) -> None:
    out, _err = run("dossiers", "stats", "--unit", "20", "--period", "2024")
    assert "received" in out and "11" in out
    with pytest.raises(CommandError):
        run("dossiers", "stats", "--unit", "nope", "--period", "2024")
    with pytest.raises(CommandError):
        run("dossiers", "stats", "--unit", "20")


def test_recount_and_token(imported: None) -> None:
    out, _err = run("dossiers", "recount", "--all")
    assert "0 số liệu" in out  # the import already counted everything exactly
    out, _err = run("dossiers", "token", "--source", "motcua", "--name", "STP", "--units", "20-STP")
    secret = out.splitlines()[1]
    assert secret.startswith("dh_")
    token = ApiToken.objects.get()
    assert token.key_hash != secret and list(token.units.values_list("code", flat=True)) == [
        "20-STP"
    ]


def test_procedures_and_feedback_commands(measures: None) -> None:
    out, _err = run("procedures", "import", str(FILES / "procedures.csv"))
    assert "3 mới" in out
    out, _err = run("feedback", "import", str(FILES / "feedback.csv"))
    assert "5 mới" in out


def test_jobs_work_drains_the_queue(measures: None) -> None:
    from dieuhanh.dossiers import services

    services.import_submit(
        actor=None, kind="dossiers", file=FILES / "dossiers.csv", file_name="d.csv"
    )
    out, _err = run("jobs", "work", "--drain")
    assert "1 việc" in out
    assert Dossier.objects.count() == 13
