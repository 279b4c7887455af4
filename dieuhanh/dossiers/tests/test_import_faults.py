"""Bad input: every bad row is reported with its line, column and reason; in
all-or-nothing mode nothing is stored, in skip-bad-rows mode only the good rows are;
a bad file stops before any row is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from dieuhanh.dossiers import services
from dieuhanh.dossiers.models import Dossier, ImportRowError, ImportRun
from dieuhanh.dossiers.tests.conftest import FILES
from dieuhanh.indicators.models import DataValue

pytestmark = pytest.mark.django_db

HEADER = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
GOOD = (
    "G{n},1.002,,,2,02/09/2024 08:00:00,05/09/2024 17:00:00,04/09/2024 10:00:00,,9,20-STP,0,0,0,,"
)

BAD_ROWS = {
    # MaHoSo-level problems
    "missing code": (",1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,,", "MaHoSo", "missing"),
    "code too long": (
        "X" * 65 + ",1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,,",
        "MaHoSo",
        "too_long",
    ),
    "no procedure": ("B1,,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,,", "MaTTHC", "missing"),
    # Dates
    "impossible date": (
        "B2,1.002,,,2,31/02/2024 08:00:00,,,,4,20-STP,0,0,0,,",
        "NgayTiepNhan",
        "bad_date",
    ),
    "not a date": ("B3,1.002,,,2,hôm qua,,,,4,20-STP,0,0,0,,", "NgayTiepNhan", "bad_date"),
    "resolved before received": (
        "B4,1.002,,,2,10/09/2024 08:00:00,12/09/2024 17:00:00,09/09/2024 10:00:00,,9,20-STP,"
        "0,0,0,,",
        "NgayKetThucXuLy",
        "ended_before_received",
    ),
    "returned before received": (
        "B5,1.002,,,2,10/09/2024 08:00:00,,,09/09/2024 10:00:00,10,20-STP,0,0,0,,",
        "NgayTra",
        "returned_before_received",
    ),
    "due before received": (
        "B6,1.002,,,2,10/09/2024 08:00:00,09/09/2024 17:00:00,,,4,20-STP,0,0,0,,",
        "NgayHenTra",
        "due_before_received",
    ),
    "resolved without an end": (
        "B7,1.002,,,2,10/09/2024 08:00:00,12/09/2024 17:00:00,,,9,20-STP,0,0,0,,",
        "NgayKetThucXuLy",
        "missing_end",
    ),
    "received in the future": (
        "B8,1.002,,,2,01/02/2031 08:00:00,,,,4,20-STP,0,0,0,,",
        "NgayTiepNhan",
        "date_in_future",
    ),
    "no receipt date": ("B9,1.002,,,2,,,,,4,20-STP,0,0,0,,", "NgayTiepNhan", "missing"),
    # Codes and flags
    "unknown status": (
        "B10,1.002,,,2,02/09/2024 08:00:00,,,,11,20-STP,0,0,0,,",
        "TrangThaiHoSo",
        "unknown_status",
    ),
    "status not a number": (
        "B11,1.002,,,2,02/09/2024 08:00:00,,,,xong,20-STP,0,0,0,,",
        "TrangThaiHoSo",
        "unknown_status",
    ),
    "unknown channel": (
        "B12,1.002,,,5,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,,",
        "KenhThucHien",
        "unknown_channel",
    ),
    "bad flag": (
        "B13,1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,có lẽ,0,0,,",
        "DuocThanhToanTrucTuyen",
        "bad_value",
    ),
    # Units
    "unknown unit": (
        "B14,1.002,,,2,02/09/2024 08:00:00,,,,4,Sở Không Có,0,0,0,,",
        "DonViXuLy",
        "unknown_unit",
    ),
    "ambiguous name": (
        "B15,1.002,,,2,02/09/2024 08:00:00,,,,4,Xã Hòa Bình,0,0,0,,",
        "DonViXuLy",
        "ambiguous_unit",
    ),
    "unit not yet created": (
        "B16,1.002,,,2,02/09/2024 08:00:00,,,,4,20-SNNMT,0,0,0,,",
        "DonViXuLy",
        "unit_not_valid",
    ),
    # Supplements
    "resubmitted before asked": (
        "B17,1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,"
        "05/09/2024 08:00:00,04/09/2024 08:00:00",
        "NgayTiepNhanBoSung",
        "supplement_before_request",
    ),
    "more answers than requests": (
        "B18,1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,"
        "05/09/2024 08:00:00,06/09/2024;07/09/2024",
        "NgayTiepNhanBoSung",
        "supplement_count",
    ),
    "asked before received": (
        "B19,1.002,,,2,02/09/2024 08:00:00,,,,4,20-STP,0,0,0,01/09/2024 08:00:00,",
        "NgayBoSung",
        "supplement_before_received",
    ),
}


def _cp1258(text: str) -> bytes:
    """As Excel writes Vietnamese in Windows-1258: tone marks as combining characters."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


def _file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_each_bad_row_is_reported_with_line_column_and_reason(
    case: str, measures: None, run_import: Callable[..., ImportRun]
) -> None:
    row, column, code = BAD_ROWS[case]
    run = run_import(_file(GOOD.format(n=1), row), mode=ImportRun.Mode.SKIP_BAD_ROWS)
    assert run.state == ImportRun.State.DONE
    assert run.rows_rejected == 1
    error = run.row_errors.get(code=code)
    assert (error.line, error.field) == (3, column)  # the header is line 1
    assert error.message and not error.warning
    assert list(Dossier.objects.values_list("code", flat=True)) == ["G1"]


def test_a_rule_error_carries_the_cells_text_and_reads_naturally(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    """QA: the errors workbook's "value" column was empty for every error found by the
    rules (it is filled for unreadable values), the status message quoted the value the
    Python way ('11'), and a future date was said to be after "now + 1 hour"."""
    rows = [
        "C1,1.002,,,2,10/09/2024 08:00:00,12/09/2024 17:00:00,09/09/2024 10:00:00,,9,20-STP,"
        "0,0,0,,",
        "C2,1.002,,,2,10/09/2024 08:00:00,,,,11,20-STP,0,0,0,,",
        "C3,1.002,,,2,01/02/2031 08:00:00,,,,4,20-STP,0,0,0,,",
    ]
    run = run_import(_file(*rows), mode=ImportRun.Mode.SKIP_BAD_ROWS)
    errors = {e.line: e for e in run.row_errors.all()}
    assert (errors[2].field, errors[2].value) == ("NgayKetThucXuLy", "09/09/2024 10:00:00")
    assert (errors[3].field, errors[3].value) == ("TrangThaiHoSo", "11")
    assert "“11”" in errors[3].message and "'11'" not in errors[3].message
    assert (errors[4].field, errors[4].value) == ("NgayTiepNhan", "01/02/2031 08:00:00")
    assert errors[4].message == "NgayTiepNhan (01/02/2031 08:00) là thời điểm trong tương lai."


def test_all_or_nothing_stores_nothing_and_lists_every_bad_row(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    rows = [GOOD.format(n=i) for i in range(1, 4)] + [r for r, _c, _k in BAD_ROWS.values()]
    run = run_import(_file(*rows))
    assert run.state == ImportRun.State.REJECTED
    assert run.rows_rejected == len(BAD_ROWS)
    assert Dossier.objects.count() == 0
    assert DataValue.objects.count() == 0
    lines = sorted(set(run.row_errors.values_list("line", flat=True)))
    assert lines == list(range(5, 5 + len(BAD_ROWS)))
    assert "nothing was stored" in run.message or "không" in run.message


def test_skip_bad_rows_stores_the_good_ones(
    measures: None, run_import: Callable[..., ImportRun], stp: object
) -> None:
    rows = [GOOD.format(n=i) for i in range(1, 4)] + [r for r, _c, _k in BAD_ROWS.values()]
    run = run_import(_file(*rows), mode=ImportRun.Mode.SKIP_BAD_ROWS)
    assert run.state == ImportRun.State.DONE
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (
        3 + len(BAD_ROWS),
        3,
        len(BAD_ROWS),
    )
    assert Dossier.objects.count() == 3
    assert DataValue.objects.filter(measure__code="received", period="2024-09").get().value == 3


def test_a_row_can_have_several_errors(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    row = (
        "B1,1.002,,,9,10/09/2024 08:00:00,09/09/2024 17:00:00,09/09/2024 10:00:00,,9,"
        "Sở Không Có,z,0,0,,"
    )
    run = run_import(_file(row))
    fields = set(run.row_errors.values_list("field", flat=True))
    assert {
        "KenhThucHien",
        "NgayHenTra",
        "NgayKetThucXuLy",
        "DonViXuLy",
        "DuocThanhToanTrucTuyen",
    } <= fields


def test_rule_messages_are_vietnamese(measures: None, run_import: Callable[..., ImportRun]) -> None:
    row, _column, _code = BAD_ROWS["resolved before received"]
    run = run_import(_file(row))
    message = run.row_errors.get().message
    assert (
        "Ngày kết thúc xử lý (09/09/2024 10:00) trước ngày tiếp nhận (10/09/2024 08:00)" in message
    )


def test_duplicate_codes_in_a_file(measures: None, run_import: Callable[..., ImportRun]) -> None:
    first = GOOD.format(n=7)
    second = GOOD.format(n=7).replace("04/09/2024 10:00:00", "06/09/2024 10:00:00")
    run = run_import(
        _file(first, GOOD.format(n=8), second, first), mode=ImportRun.Mode.SKIP_BAD_ROWS
    )
    errors = list(run.row_errors.order_by("line").values_list("line", "field", "code", "message"))
    assert [(e[0], e[1], e[2]) for e in errors] == [
        (4, "MaHoSo", "duplicate"),
        (5, "MaHoSo", "duplicate"),
    ]
    assert "line 2" in errors[0][3] or "dòng 2" in errors[0][3]
    # The first occurrence is the one stored.
    stored = Dossier.objects.get(code="G7").end_at
    assert stored is not None and stored.day == 4
    assert Dossier.objects.count() == 2


def test_duplicates_in_all_or_nothing_reject_the_file(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    run = run_import(_file(GOOD.format(n=1), GOOD.format(n=1)))
    assert run.state == ImportRun.State.REJECTED
    assert Dossier.objects.count() == 0


def test_status_five_without_a_waiting_request_is_a_warning(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    row = "W1,1.002,,,2,02/09/2024 08:00:00,05/09/2024 17:00:00,,,5,20-STP,0,0,0,,"
    run = run_import(_file(row))
    assert run.state == ImportRun.State.DONE and run.rows_rejected == 0
    warning = run.row_errors.get()
    assert warning.warning and warning.field == "NgayBoSung"
    assert Dossier.objects.get(code="W1").warning


def test_missing_required_column_stops_the_file(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    text = "MaHoSo,MaTTHC,NgayTiepNhan,TrangThaiHoSo\nA,1,02/09/2024,4\n"
    run = run_import(text)
    assert run.state == ImportRun.State.FAILED
    assert "DonViXuLy" in run.message
    assert Dossier.objects.count() == 0


def test_broken_json_stops_the_file(measures: None, run_import: Callable[..., ImportRun]) -> None:
    run = run_import('[{"MaHoSo": "A", "MaTTHC": "1"}, {"MaHoSo": ', name="x.json")
    assert run.state == ImportRun.State.FAILED
    assert "JSON" in run.message
    assert Dossier.objects.count() == 0


def test_a_broken_json_file_is_explained_in_vietnamese(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    """QA: the message was Python's own ("Tệp JSON sai cú pháp: Expecting value.")."""
    run = run_import('[{"MaHoSo": "A", "MaTTHC": }]', name="x.json")
    assert run.state == ImportRun.State.FAILED
    assert run.message.startswith("Tệp JSON sai cú pháp: thiếu một giá trị"), run.message
    assert "Expecting" not in run.message


def test_a_binary_file_named_csv_is_explained_not_a_codec_error(
    measures: None, run_import: Callable[..., ImportRun], tmp_path: Path
) -> None:
    """QA: an Excel workbook renamed .csv gave "'charmap' codec can't decode byte 0x8e…"."""
    workbook = tmp_path / "book.xlsx"
    Workbook().save(workbook)
    renamed = tmp_path / "dossiers.csv"
    renamed.write_bytes(workbook.read_bytes())
    run = run_import(renamed)
    assert run.state == ImportRun.State.FAILED
    assert "không phải tệp CSV dạng văn bản" in run.message, run.message
    assert "codec" not in run.message
    assert Dossier.objects.count() == 0


def test_a_file_with_only_column_names_says_so(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    """QA: a header-only file ended as "Hoàn thành" with 0 rows and no word."""
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    run = run_import(header + "\n")
    assert run.state == ImportRun.State.FAILED
    assert run.message == "Tệp chỉ có dòng tên cột, không có dòng dữ liệu nào."


def test_the_row_estimate_comes_from_the_rows_not_the_header(
    measures: None, run_import: Callable[..., ImportRun], tmp_path: Path
) -> None:
    """QA: 50.001 rows were announced as "~32.624" (estimated from the header's length);
    and the rejection message wrote the count unformatted ("trên 50001 dòng")."""
    lines = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0], lines[1].split(",", 1)[1]
    body = "".join(f"B{i:06d},{row}\n" for i in range(30_000))
    path = tmp_path / "many.csv"
    path.write_text(f"{header}\n{body}B-BAD,1,,,2,không phải ngày,,,,4,20-STP,0,0,0,,\n")
    run = run_import(path)
    assert run.rows_total is not None and abs(run.rows_total - 30_001) < 300, run.rows_total
    assert run.state == ImportRun.State.REJECTED
    assert run.message.startswith("Có 1 trên 30.001 dòng"), run.message


def test_json_record_that_is_not_an_object(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    rows = json.loads((FILES / "dossiers.json").read_text(encoding="utf-8"))[:2]
    text = json.dumps([rows[0], "S002", rows[1]])
    run = run_import(text, name="x.json", mode=ImportRun.Mode.SKIP_BAD_ROWS)
    error = run.row_errors.get()
    assert (error.line, error.code) == (2, "not_object")
    assert Dossier.objects.count() == 2


def test_json_lines(measures: None, run_import: Callable[..., ImportRun]) -> None:
    rows = json.loads((FILES / "dossiers.json").read_text(encoding="utf-8"))
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    run = run_import(text, name="x.jsonl")
    assert run.state == ImportRun.State.DONE and run.rows_created == 13


def test_windows_1258_csv_is_read(
    measures: None, run_import: Callable[..., ImportRun], tmp_path: Path
) -> None:
    path = tmp_path / "cp1258.csv"
    text = _file(GOOD.format(n=1).replace("20-STP", "Sở Tư pháp"))
    path.write_bytes(_cp1258(text))
    run = run_import(path)
    assert run.state == ImportRun.State.DONE, list(run.row_errors.values_list("message", flat=True))
    assert Dossier.objects.get().unit.code == "20-STP"


def test_semicolon_separated_csv(measures: None, run_import: Callable[..., ImportRun]) -> None:
    text = _file(GOOD.format(n=1)).replace(",", ";")
    run = run_import(text)
    assert run.state == ImportRun.State.DONE and run.rows_created == 1


def test_unknown_file_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        services.import_submit(
            actor=None, kind="dossiers", file=tmp_path / "x", file_name="dossiers.pdf"
        )
    assert not ImportRun.objects.exists()


def test_errors_beyond_the_cap_are_counted_not_stored(
    measures: None, run_import: Callable[..., ImportRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dieuhanh.dossiers import importing

    monkeypatch.setattr(importing, "MAX_STORED_ERRORS", 5)
    rows = [f"E{i},1.002,,,2,31/02/2024,,,,4,20-STP,0,0,0,," for i in range(12)]
    run = run_import(_file(*rows))
    assert run.rows_rejected == 12
    assert ImportRowError.objects.filter(run=run).count() == 5


def test_a_nul_character_is_a_row_error(
    measures: None, run_import: Callable[..., ImportRun]
) -> None:
    run = run_import(_file(GOOD.format(n=1), GOOD.format(n=2).replace("G2", "G\x002")))
    assert run.state == ImportRun.State.REJECTED
    assert run.row_errors.get().code == "nul_character"
