"""Counts per unit and month are exact for files written from docs/dossiers.md by someone
who did not write the importer — in CSV, JSON and Excel — including dossiers still open,
dossiers with supplement waits and dossiers resolved after their due date.

The expected figures below were computed by hand from the rows of files/dossiers.csv:

S001  Sở Tư pháp, online, received 02/09 08:00, status 10, ended 04/09 10:00:
      on time (due 05/09 17:00).
S002  Sở Tư pháp (named in full), in person, 10/09, status 9, ended 20/09: late (due 12/09).
S003  Sở Tư pháp, channel empty (= in person), 25/09, status 4: open, overdue after 27/09.
S004  Sở Tư pháp, online, 26/09, status 9, ended 03/10 10:00; supplement asked 27/09
      08:00, resubmitted 02/10 08:00: due pushed to 05/10 17:00, so on time (October).
S005  Sở Tư pháp, by post, 30/09 (date only: 00:00), status 10, ended 04/10 (00:00);
      due 04/10 (date only: end of that day): on time.
S006  "05977" = Phường Vĩnh Trại in 2024, online, 15/09, status 5; supplement asked
      16/09 10:00 and never answered: the clock is stopped, never overdue.
S007  "Phường Đông Kinh" = the old ward 05980 in 2024, in person, 05/10, status 7
      (withdrawn) on 07/10: received, never resolved.
S008  Sở Tư pháp, online, 28/10, status 10, ended 05/11: late (due 30/10 17:00).
S009  Sở Tư pháp, status 3 (not accepted): counts nowhere.
S010  Sở Tư pháp, status 1 (not yet received): counts nowhere.
S011  Sở Tư pháp, in person, 01/10, status 9, ended 07/10 16:00; waits 02→04/10 and
      03→05/10 overlap: 3 days, due 07/10 17:00, on time.
S012  Sở Tư pháp, online, 14/10, status 9, ended exactly at its due time: on time.
S013  Sở Tư pháp, online, 29/10, status 4; due 31/10 (date only): in time at the end
      of October, overdue from November.
"Now" is 15/01/2025 12:00.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from dieuhanh.core.periods import Period
from dieuhanh.dossiers import selectors
from dieuhanh.dossiers.models import Dossier, ImportRun, Procedure
from dieuhanh.dossiers.tests.conftest import FILES, unit
from dieuhanh.indicators.models import DataValue
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

ZERO = dict.fromkeys(
    [
        "received",
        "received_online",
        "received_direct",
        "received_postal",
        "resolved",
        "resolved_on_time",
        "resolved_late",
        "in_progress_in_time",
        "in_progress_overdue",
        "paid_online",
        "fee_dossiers",
        "digitised",
        "electronic_result",
    ],
    0,
)

STP_MONTHS: dict[str, dict[str, int]] = {
    "2024-09": {
        **ZERO,
        "received": 5,
        "received_online": 2,  # S001, S004
        "received_direct": 2,  # S002, S003 (empty channel)
        "received_postal": 1,  # S005
        "resolved": 2,
        "resolved_on_time": 1,  # S001
        "resolved_late": 1,  # S002
        "in_progress_in_time": 2,  # S004 (waiting), S005
        "in_progress_overdue": 1,  # S003
        "paid_online": 1,  # S001
        "fee_dossiers": 2,  # procedure 1.001 charges a fee: S001, S004
        "digitised": 3,  # S001, S003, S004
        "electronic_result": 1,  # S001
    },
    "2024-10": {
        **ZERO,
        "received": 4,  # S008, S011, S012, S013
        "received_online": 3,
        "received_direct": 1,
        "resolved": 4,  # S004, S005, S011, S012
        "resolved_on_time": 4,
        "in_progress_in_time": 1,  # S013 (due at the end of 31/10)
        "in_progress_overdue": 2,  # S003, S008
        "fee_dossiers": 1,  # S008
    },
    "2024-11": {
        **ZERO,
        "resolved": 1,
        "resolved_late": 1,  # S008
        "electronic_result": 1,
        "in_progress_overdue": 2,  # S003, S013
    },
    "2024-12": {**ZERO, "in_progress_overdue": 2},
    "2025-01": {**ZERO, "in_progress_overdue": 2},  # as at "now", 15/01/2025
}


def counts(unit_: OrgUnit, period: str) -> dict[str, Any]:
    data = selectors.stats_for(unit=unit_, period=Period.parse(period))
    return {k: data[k] for k in ZERO}


def xlsx_from_csv(csv_path: Path, target: Path) -> Path:
    """The same rows as a person would type them in Excel: dates as real dates where the
    CSV has dd/mm/yyyy hh:mm:ss, numbers as numbers."""
    import csv

    wb = Workbook()
    ws = wb.active
    with csv_path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    ws.append(rows[0])
    for row in rows[1:]:
        cells: list[Any] = []
        for header, value in zip(rows[0], row, strict=True):
            if (
                header.startswith("Ngay")
                and len(value) == 19
                and value[2] == "/"
                and ";" not in value
            ):
                cells.append(datetime.strptime(value, "%d/%m/%Y %H:%M:%S"))
            elif header in ("KenhThucHien", "TrangThaiHoSo") and value.isdigit():
                cells.append(int(value))
            else:
                cells.append(value or None)
        ws.append(cells)
    wb.save(target)
    return target


@pytest.fixture(params=["csv", "json", "xlsx"])
def imported(
    request: Any, measures: None, run_import: Callable[..., ImportRun], tmp_path: Path
) -> ImportRun:
    procedures = run_import(FILES / "procedures.csv", kind=ImportRun.Kind.PROCEDURES)
    assert procedures.state == ImportRun.State.DONE, procedures.message
    if request.param == "csv":
        source = FILES / "dossiers.csv"
    elif request.param == "json":
        source = FILES / "dossiers.json"
    else:
        source = xlsx_from_csv(FILES / "dossiers.csv", tmp_path / "dossiers.xlsx")
    run = run_import(source)
    assert run.state == ImportRun.State.DONE, (run.message, list(run.row_errors.values()))
    return run


def test_every_row_is_stored(imported: ImportRun) -> None:
    assert imported.rows_read == 13
    assert imported.rows_created == 13
    assert imported.rows_rejected == 0
    # The one warning: none (S006 has a request still waiting).
    assert not imported.row_errors.exists()
    assert Dossier.objects.count() == 13
    auto = Procedure.objects.get(code="9.999")
    assert auto.name == "Thủ tục chưa có trong danh mục" and not auto.from_catalogue


@pytest.mark.parametrize("month", list(STP_MONTHS))
def test_department_month_by_month(imported: ImportRun, stp: OrgUnit, month: str) -> None:
    assert counts(stp, month) == STP_MONTHS[month]


def test_units_are_those_of_the_day_of_receipt(imported: ImportRun) -> None:
    # "05977" was Phường Vĩnh Trại until 30/06/2025 (the code now belongs to the new
    # Phường Đông Kinh); "Phường Đông Kinh" in 2024 is the old ward 05980.
    vinh_trai = unit("05977-20250630")
    old_dong_kinh = unit("05980-20250630")
    assert Dossier.objects.get(code="S006").unit == vinh_trai
    assert Dossier.objects.get(code="S007").unit == old_dong_kinh
    assert counts(vinh_trai, "2024-09") == {
        **ZERO,
        "received": 1,
        "received_online": 1,
        "in_progress_in_time": 1,
    }
    # The clock is stopped by the unanswered supplement request: in time ever since.
    assert counts(vinh_trai, "2024-12")["in_progress_in_time"] == 1
    assert counts(old_dong_kinh, "2024-10") == {**ZERO, "received": 1, "received_direct": 1}
    assert counts(old_dong_kinh, "2024-11")["received"] is None  # nothing then: missing


def test_province_rolls_up_for_every_period_kind(imported: ImportRun, province: OrgUnit) -> None:
    september = counts(province, "2024-09")
    assert september["received"] == 6
    assert september["received_online"] == 3
    assert september["in_progress_in_time"] == 3  # S004, S005, S006
    assert september["in_progress_overdue"] == 1
    q3 = counts(province, "2024-Q3")
    assert q3 == september  # nothing in July and August; stocks: September's
    nine = counts(province, "2024-9M")
    assert nine == september
    q4 = counts(province, "2024-Q4")
    assert q4["received"] == 5 and q4["resolved"] == 5
    assert (q4["resolved_on_time"], q4["resolved_late"]) == (4, 1)
    assert (q4["in_progress_in_time"], q4["in_progress_overdue"]) == (1, 2)  # at 31/12
    year = counts(province, "2024")
    assert year["received"] == 11
    assert (year["received_online"], year["received_direct"], year["received_postal"]) == (6, 4, 1)
    assert (year["resolved"], year["resolved_on_time"], year["resolved_late"]) == (7, 5, 2)
    assert counts(province, "2024-H2") == year


def test_procedure_counts_are_distinct_and_per_period(
    imported: ImportRun, province: OrgUnit, stp: OrgUnit
) -> None:
    def procs(u: OrgUnit, period: str) -> tuple[Any, ...]:
        data = selectors.stats_for(unit=u, period=Period.parse(period))
        return (
            data["procedures_with_dossiers"],
            data["procedures_online"],
            data["procedures_online_with_online_dossiers"],
        )

    assert procs(stp, "2024-09") == (2, 1, 1)  # 1.001 (online, online dossier), 1.002
    assert procs(stp, "2024-10") == (4, 2, 2)  # 1.001, 1.002, 1.003, 9.999
    assert procs(province, "2024-09") == (3, 2, 2)  # + 1.003 at Vĩnh Trại (online)
    # Not the sum of the months: 1.001 and 1.002 had dossiers in both.
    assert procs(province, "2024-Q4") == (4, 2, 2)
    assert procs(province, "2024") == (4, 2, 2)
    assert procs(stp, "2024-Q3") == (2, 1, 1)
    # Stored for the unit and every unit above it, for each period kind.
    assert (
        DataValue.objects.filter(
            measure__code="procedures_online", unit=province, period__in=["2024-9M", "2024-H2"]
        ).count()
        == 2
    )


def test_date_range_counts_from_the_dossiers(imported: ImportRun, province: OrgUnit) -> None:
    data = selectors.range_stats(unit=province, start=date(2024, 9, 1), end=date(2024, 10, 31))
    assert data["received"] == 11
    assert (data["resolved"], data["resolved_on_time"], data["resolved_late"]) == (6, 5, 1)
    # At the end of 31/10: S003, S008 overdue; S006, S013 in time.
    assert (data["in_progress_in_time"], data["in_progress_overdue"]) == (2, 2)


def test_reimporting_the_same_file_changes_nothing(
    imported: ImportRun, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    before = list(DataValue.objects.order_by("pk").values_list("pk", "value"))
    dossiers = list(Dossier.objects.order_by("pk").values_list("pk", "updated_at", "row_hash"))
    again = run_import(Path(imported.file_path), name=imported.file_name)
    assert again.state == ImportRun.State.DONE
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 13)
    assert again.values_written == 0
    assert list(DataValue.objects.order_by("pk").values_list("pk", "value")) == before
    after = list(Dossier.objects.order_by("pk").values_list("pk", "updated_at", "row_hash"))
    assert after == dossiers


def test_a_later_status_updates_the_dossier_and_its_months(
    measures: None, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    first = "X1,1.002,,,2,02/09/2024 08:00:00,05/09/2024 17:00:00,,,4,20-STP,0,0,0,,\n"
    run_import(f"{header}\n{first}")
    assert counts(stp, "2024-09")["in_progress_overdue"] == 1
    assert counts(stp, "2024-10")["in_progress_overdue"] == 1
    later = (
        "X1,1.002,,,2,02/09/2024 08:00:00,05/09/2024 17:00:00,10/09/2024 09:00:00,,9,"
        "20-STP,0,0,0,,\n"
    )
    run = run_import(f"{header}\n{later}")
    assert (run.rows_created, run.rows_updated) == (0, 1)
    assert Dossier.objects.get(code="X1").status == 9
    assert counts(stp, "2024-09") == {
        **ZERO,
        "received": 1,
        "received_online": 1,
        "resolved": 1,
        "resolved_late": 1,
    }
    # October had only X1's open stock: the month has no activity left, so no figure.
    assert counts(stp, "2024-10")["in_progress_overdue"] is None


def test_moving_a_dossier_to_another_unit_recounts_both(
    measures: None, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    row = "M1,1.002,,,1,02/09/2024 08:00:00,05/09/2024 17:00:00,03/09/2024 09:00:00,,9,{},0,0,0,,\n"
    run_import(f"{header}\n{row.format('20-STP')}")
    run_import(f"{header}\n{row.format('20-SYT')}")
    assert counts(stp, "2024-09")["received"] is None
    assert counts(unit("20-SYT"), "2024-09")["received"] == 1


def test_feedback_counts(
    measures: None, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    run = run_import(FILES / "feedback.csv", kind=ImportRun.Kind.FEEDBACK)
    assert run.state == ImportRun.State.DONE, list(run.row_errors.values())

    def fb(period: str) -> tuple[Any, ...]:
        data = selectors.stats_for(unit=stp, period=Period.parse(period))
        return (
            data["feedback_received"],
            data["feedback_processed"],
            data["feedback_in_progress"],
            data["feedback_rejected"],
        )

    assert fb("2024-09") == (5, 1, 3, 1)  # P04 forwarded 02/10, P05 processed 15/10: open at 30/09
    assert fb("2024-10") == (0, 1, 1, 0)
    assert fb("2024-12") == (0, 0, 1, 0)  # P02 still open
    assert fb("2024-Q3") == (5, 1, 3, 1)


def test_changing_a_procedures_fee_recounts_its_dossiers(
    imported: ImportRun, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    assert counts(stp, "2024-09")["fee_dossiers"] == 2
    text = (
        (FILES / "procedures.csv")
        .read_text(encoding="utf-8")
        .replace("Chứng thực,0,0,1", "Chứng thực,0,1,1")
    )
    run = run_import(text, kind=ImportRun.Kind.PROCEDURES, name="procedures.csv")
    assert run.rows_updated == 1
    assert counts(stp, "2024-09")["fee_dossiers"] == 5  # + S002, S003, S005 (1.002)


def test_only_the_touched_unit_months_are_rewritten(
    imported: ImportRun, run_import: Callable[..., ImportRun], stp: OrgUnit
) -> None:
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    untouched = {
        (code, period): pk
        for code, period, pk in DataValue.objects.filter(unit=stp, period="2024-10").values_list(
            "measure__code", "period", "pk"
        )
    }
    # A new dossier received and resolved in September: October's figures stay as they are.
    row = "N1,1.002,,,2,03/09/2024 08:00:00,05/09/2024 17:00:00,04/09/2024 09:00:00,,9,20-STP"
    run_import(f"{header}\n{row},0,0,0,,\n")
    after = {
        (code, period): pk
        for code, period, pk in DataValue.objects.filter(unit=stp, period="2024-10").values_list(
            "measure__code", "period", "pk"
        )
    }
    assert after == untouched
    assert counts(stp, "2024-09")["received"] == 6


def test_an_excel_date_cell_without_a_time_is_a_day_as_typed_text_is(
    measures: None, run_import: Callable[..., ImportRun], tmp_path: Path
) -> None:
    """QA: a due date typed as an Excel date (format dd/mm/yyyy) was read as midnight, so a
    dossier resolved at 10:00 that day was counted late, while the same date typed as
    text meant the end of the day (on time). A date cell whose format shows a time keeps
    it, midnight included."""
    wb = Workbook()
    ws = wb.active
    columns = "MaHoSo MaTTHC KenhThucHien NgayTiepNhan NgayHenTra NgayKetThucXuLy"
    ws.append([*columns.split(), "TrangThaiHoSo", "DonViXuLy"])
    received = datetime(2024, 10, 1, 8, 0)
    ended = datetime(2024, 10, 6, 10, 0)
    day = datetime(2024, 10, 6)
    rows = [
        ("X-DATE", day, "dd/mm/yyyy"),  # a day, as Excel shows it
        ("X-DATE-LOCALE", day, "[$-42A]dd/mm/yyyy;@"),  # Vietnamese locale, still a day
        ("X-TEXT", "06/10/2024", None),  # the same day typed as text
        ("X-MIDNIGHT", day, "dd/mm/yyyy hh:mm"),  # a time shown: midnight meant
    ]
    for code, due, shown in rows:
        ws.append([code, "1.001", 1, received, due, ended, 10, "20-STP"])
        ws.cell(row=ws.max_row, column=4).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(row=ws.max_row, column=6).number_format = "dd/mm/yyyy hh:mm"
        if shown:
            ws.cell(row=ws.max_row, column=5).number_format = shown
    path = tmp_path / "due-dates.xlsx"
    wb.save(path)
    run = run_import(path)
    assert run.state == ImportRun.State.DONE, (run.message, list(run.row_errors.values()))
    on_time = dict(Dossier.objects.values_list("code", "on_time"))
    assert on_time == {
        "X-DATE": True,
        "X-DATE-LOCALE": True,
        "X-TEXT": True,
        "X-MIDNIGHT": False,
    }
