"""The catalogue as a file: import from YAML and Excel, every problem with its place,
all-or-nothing, idempotence, round trip, permissions, the command and the web page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.indicators import services
from dieuhanh.indicators.catalogue import (
    SHEETS,
    ImportReport,
    catalogue_export,
    catalogue_import,
)
from dieuhanh.indicators.models import (
    Indicator,
    IndicatorTerm,
    Measure,
    Pillar,
    Plan,
    Target,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
EXAMPLE = re.findall(r"```yaml\n(.*?)```", DOC, re.S)[0]
MODELS = (Pillar, Measure, Indicator, IndicatorTerm, Plan, Target)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are checked in English, whatever the catalogue of translations holds."""
    with translation.override("en"):
        yield


def rows_of_everything() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def history_rows() -> dict[str, int]:
    return {m.__name__: m.history.count() for m in (Measure, Indicator, Plan, Target)}


def wipe() -> None:
    Target.objects.all().delete()
    Plan.objects.all().delete()
    Indicator.objects.all().delete()
    Measure.objects.all().delete()
    Pillar.objects.all().delete()


def write(tmp_path: Path, text: str, name: str = "catalogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(report: ImportReport) -> dict[str, str]:
    """Location → its messages (joined when a place has several)."""
    found: dict[str, str] = {}
    for p in report.errors:
        found[p.location] = (
            f"{found[p.location]} | {p.message}" if p.location in found else p.message
        )
    return found


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- YAML ---------------------------------------------------------------------------


def test_the_documented_example_imports(tmp_path: Path, users: dict[str, User]) -> None:
    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, EXAMPLE))

    assert report.errors == []
    assert report.written and report.fmt == "yaml"
    assert {s: c.created for s, c in report.counts.items()} == {
        "pillars": 2,
        "measures": 5,
        "indicators": 3,
        "plans": 1,
        "targets": 4,
    }
    rate = Indicator.objects.get(code="online_rate")
    assert rate.factor == 100 and rate.pillar.code == "cqs" and rate.is_key
    assert rate.limit == 100 and rate.decimals == 2 and rate.unit_of_measure == "%"
    assert {(t.measure.code, t.part, t.coefficient) for t in rate.terms.all()} == {
        ("received_online", "num", 1),
        ("received", "den", 1),
    }
    remote = Indicator.objects.get(code="remote_received")
    assert remote.factor == 1 and remote.terms.filter(part="den").count() == 0
    received = Measure.objects.get(code="received")
    assert received.reporting_kinds == ["commune", "department"]
    assert Measure.objects.get(code="households").time_aggregation == "stock"

    plan = Plan.objects.get(number="72-KH/BCĐ")
    assert plan.issuer is not None and plan.issuer.code == "20"
    assert plan.issued_on.isoformat() == "2024-03-15"  # type: ignore[union-attr]
    assert (plan.year_from, plan.year_to) == (2024, 2025)
    targets = list(plan.targets.order_by("order"))
    assert [(t.indicator.code, t.comparator, t.value, t.year) for t in targets] == [
        ("online_rate", "gte", Decimal(70), 2024),
        ("fibre_rate", "gte", Decimal(75), 2025),
        ("online_rate", "gte", Decimal("97.92"), 2025),
        ("remote_received", "gte", Decimal(1543), 2025),
    ]
    assert targets[1].baseline_value == Decimal("61.4") and targets[1].baseline_year == 2023
    assert targets[2].period == "2025-H1" and targets[2].unit_kind == "commune"
    assert targets[2].unit is None and targets[0].unit is None
    assert targets[3].unit is not None and targets[3].unit.code == "20-SKHCN"
    assert "70%" in targets[0].evidence


def test_importing_twice_changes_nothing(tmp_path: Path, users: dict[str, User]) -> None:
    path = write(tmp_path, EXAMPLE)
    catalogue_import(actor=users["coordinator"], data_or_file=path)
    before, history = rows_of_everything(), history_rows()

    again = catalogue_import(actor=users["coordinator"], data_or_file=path)

    assert again.errors == []
    assert again.totals.created == again.totals.updated == 0
    assert again.totals.unchanged == 15
    assert rows_of_everything() == before
    assert history_rows() == history
    assert {c.action for c in again.changes} == {"unchanged"}


def test_a_changed_record_is_updated_and_only_it(tmp_path: Path, users: dict[str, User]) -> None:
    catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, EXAMPLE))
    history = history_rows()
    changed = EXAMPLE.replace('value: "97,92"', 'value: "98"').replace(
        "formula: received_online + received_postal",
        "formula: received_online + 2 * received_postal",
    )

    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, changed))

    assert report.errors == []
    assert report.counts["targets"].updated == 1 and report.counts["targets"].unchanged == 3
    assert report.counts["indicators"].updated == 1
    assert report.counts["indicators"].unchanged == 2
    assert history_rows()["Target"] == history["Target"] + 1
    assert Target.objects.filter(value=98, period="2025-H1").exists()
    term = IndicatorTerm.objects.get(
        indicator__code="remote_received", measure__code="received_postal"
    )
    assert term.coefficient == 2


def test_a_dry_run_counts_and_writes_nothing(tmp_path: Path, users: dict[str, User]) -> None:
    before = rows_of_everything()
    report = catalogue_import(
        actor=users["admin"], data_or_file=write(tmp_path, EXAMPLE), dry_run=True
    )
    assert report.ok and not report.written
    assert report.totals.created == 15
    assert rows_of_everything() == before


def test_a_file_may_use_measures_already_stored(users: dict[str, User]) -> None:
    services.pillar_save(actor=None, code="cqs", name="Chính quyền số")
    for code in ("received", "received_online"):
        services.measure_save(actor=None, code=code, name=code, unit_of_measure="hồ sơ")
    data = {
        "indicators": [
            {
                "code": "online_rate",
                "name": "Tỷ lệ trực tuyến",
                "pillar": "cqs",
                "formula": "100 * received_online / received",
                "unit": "%",
            }
        ]
    }
    report = catalogue_import(actor=users["coordinator"], data_or_file=data)
    assert report.errors == []
    assert report.counts["indicators"].created == 1
    assert Indicator.objects.get(code="online_rate").terms.count() == 2


BAD_YAML = """\
pillars:
  - code: cqs
    name: Chính quyền số
  - code: cqs
    name: Chính quyền số (lần hai)
measures:
  - code: received
    name: Hồ sơ tiếp nhận
    unit: hồ sơ
  - code: online
    name: Hồ sơ trực tuyến
    unit: hồ sơ
    frequency: weekly
indicators:
  - code: online_rate
    name: Tỷ lệ trực tuyến
    pillar: cqs
    formula: 100 * online / received
    unit: "%"
  - code: typo_rate
    name: Chỉ số dùng số liệu không có
    pillar: cqs
    formula: 100 * onlin / received
    unit: "%"
  - code: lost
    name: Trụ cột không có
    pillar: kts
    formula: received
    unit: hồ sơ
  - code: broken
    name: Công thức hỏng
    pillar: cqs
    formula: 100 * (online + received
    unit: "%"
  - code: online_rate
    name: Trùng mã
    pillar: cqs
    formula: online
    unit: hồ sơ
    colour: red
plans:
  - number: 72-KH/BCĐ
    title: Kế hoạch chuyển đổi số năm 2024
    issuer: "99-KHONG-CO"
    issued_on: 31/02/2024
    years: [2024, 2025]
    targets:
      - indicator: online_rate
        comparator: "≥"
        value: 70
        unit: "%"
        year: 2024
      - indicator: online_rate
        comparator: "≥"
        value: 5000
        unit: hồ sơ
        year: 2024
        period: 2024-H1
      - indicator: online_rate
        comparator: "~"
        value: 70
        unit: "%"
        year: 2025
      - indicator: online_rate
        comparator: "≥"
        value: 70
        unit: "%"
        year: 2025
        period: 2025-H3
      - indicator: online_rate
        comparator: "≥"
        value: 70
        unit: "%"
        year: 2025
        unit_code: 20-KHONG-CO
      - indicator: online_rate
        comparator: "≥"
        value: "bảy mươi"
        unit: "%"
        year: 2025
        unit_kind: hamlet
      - indicator: nowhere
        comparator: "="
        value: 1
        unit: "%"
        year: 2030
      - comparator: "≥"
        value: 1
        unit: "%"
        year: 2024
"""


def test_every_problem_is_reported_with_its_place(tmp_path: Path, users: dict[str, User]) -> None:
    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, BAD_YAML))
    found = problems(report)

    expected = {
        # duplicate code within the file, naming the first occurrence
        "pillars[1].code": "appears twice in the file (also at pillars[0].code)",
        "measures[1].frequency": "“weekly” is not one of: month, quarter, half, year",
        # unknown measure in a formula
        "indicators[1].formula": "Unknown measure “onlin”",
        # unknown pillar
        "indicators[2].pillar": "Unknown pillar “kts”",
        # a formula that does not parse, with the position inside it
        "indicators[3].formula": "vị trí 25",
        "indicators[4].code": "appears twice in the file (also at indicators[0].code)",
        "indicators[4].colour": "Unknown field “colour”",
        # a unit code that does not exist
        "plans[0].issuer": "no unit with code “99-KHONG-CO”",
        # a date that does not parse
        "plans[0].issued_on": "“31/02/2024” is not a date",
        # the service refuses a target in another unit of measure: its message, on the field
        "plans[0].targets[1].unit": "indicator online_rate is measured in “%”",
        # a comparator it does not know
        "plans[0].targets[2].comparator": "Unknown comparator “~”",
        # a period that does not parse (the core's Vietnamese message)
        "plans[0].targets[3].period": 'Không đọc được kỳ báo cáo "2025-H3"',
        "plans[0].targets[4].unit_code": "no unit with code “20-KHONG-CO”",
        "plans[0].targets[5].value": "“bảy mươi” is not a number",
        "plans[0].targets[5].unit_kind": "“hamlet” is not one of",
        "plans[0].targets[6].indicator": "Unknown indicator “nowhere”",
        "plans[0].targets[7].indicator": "This field is required",
    }
    for location, words in expected.items():
        assert location in found, f"{location} not reported; got {sorted(found)}"
        assert words in found[location], (location, found[location])
    assert "“online”" not in found.get("indicators[0].formula", "")
    assert not report.written
    assert rows_of_everything() == {m.__name__: 0 for m in MODELS}


def test_a_formula_error_says_where_in_the_formula(users: dict[str, User]) -> None:
    data = {
        "pillars": [{"code": "p", "name": "P"}],
        "measures": [
            {"code": "a", "name": "A", "unit": "x"},
            {"code": "b", "name": "B", "unit": "x"},
        ],
        "indicators": [
            {"code": "i", "name": "I", "pillar": "p", "formula": "a + b / a", "unit": "x"}
        ],
    }
    report = catalogue_import(actor=users["coordinator"], data_or_file=data)
    message = problems(report)["indicators[0].formula"]
    assert "Tử số có nhiều số hạng" in message and "vị trí 7" in message


def test_one_bad_row_writes_nothing(tmp_path: Path, users: dict[str, User]) -> None:
    bad = EXAMPLE.replace("period: 2025-H1", "period: 2025-Q7")
    before, history = rows_of_everything(), history_rows()

    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, bad))

    assert [p.location for p in report.errors] == ["plans[0].targets[2].period"]
    assert not report.written
    assert report.totals.created == 0 and report.changes == []
    assert rows_of_everything() == before
    assert history_rows() == history


def test_a_service_refusal_also_undoes_the_rest(tmp_path: Path, users: dict[str, User]) -> None:
    """Checks pass, the service refuses the last target (outside the plan's years): the
    pillars, measures and indicators already saved in the transaction are undone."""
    bad = EXAMPLE.replace("year: 2025\n        unit_code", "year: 2026\n        unit_code")
    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, bad))
    assert [(p.location, p.message) for p in report.errors] == [
        ("plans[0].targets[3].year", "Year 2026 is outside the plan's years 2024–2025.")
    ]
    assert rows_of_everything() == {m.__name__: 0 for m in MODELS}


def test_an_unchanged_target_is_still_checked_against_its_indicator(
    tmp_path: Path, users: dict[str, User]
) -> None:
    catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, EXAMPLE))
    # The indicator changes its unit; the target the file leaves as it was no longer fits.
    changed = EXAMPLE.replace(
        "formula: received_online + received_postal\n    unit: hồ sơ",
        "formula: received_online + received_postal\n    unit: hồ sơ/tháng",
    )
    report = catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, changed))
    assert "plans[0].targets[3].unit" in problems(report)
    assert Indicator.objects.get(code="remote_received").unit_of_measure == "hồ sơ"


@pytest.mark.parametrize(
    ("text", "location", "words"),
    [
        ("pillars: [\n  - code: x\n", "line 2, column 3", "not valid YAML"),
        ("- just\n- a list\n", "", "must be a mapping"),
        ("pilars: []\n", "pilars", "Unknown section"),
        ("measures: received\n", "measures", "must be a list"),
        ("measures:\n  - received\n", "measures[0]", "must be a mapping"),
        (
            "plans:\n  - number: A\n    title: T\n    years: 2024-2025\n",
            "plans[0].years",
            "[from, to]",
        ),
        ("plans:\n  - number: A\n    title: T\n", "plans[0].years", "This field is required"),
        (
            "plans:\n  - number: A\n    title: T\n    years: [x, 2024]\n",
            "plans[0].years[0]",
            "“x” is not a year",
        ),
        (
            "plans:\n  - number: A\n    title: T\n    years: [2025, 2024]\n",
            "plans[0].years[1]",
            "ends before",
        ),
        ("pillars:\n  - code: chính quyền\n    name: x\n", "pillars[0].code", "not a valid code"),
        (
            "measures:\n  - code: 2024_x\n    name: x\n    unit: x\n",
            "measures[0].code",
            "start with a letter",
        ),
        (
            "measures:\n  - code: a\n    name: x\n    unit: x\n"
            "    reported_by: [commune, hamlet]\n",
            "measures[0].reported_by",
            "hamlet",
        ),
        (
            "pillars:\n  - code: p\n    name: P\n    order: -1\n",
            "pillars[0].order",
            "cannot be negative",
        ),
    ],
)
def test_structural_problems(text: str, location: str, words: str, users: dict[str, User]) -> None:
    report = catalogue_import(actor=users["coordinator"], data_or_file=text.encode())
    assert [p.location for p in report.errors] == [location]
    assert words in report.errors[0].message


def test_a_duplicate_target_is_reported(users: dict[str, User]) -> None:
    data = yaml.safe_load(EXAMPLE)
    data["plans"][0]["targets"].append(dict(data["plans"][0]["targets"][0], value=80))
    report = catalogue_import(actor=users["coordinator"], data_or_file=data)
    assert "also at plans[0].targets[0]" in problems(report)["plans[0].targets[4]"]


def test_an_unsupported_file_is_refused(tmp_path: Path, users: dict[str, User]) -> None:
    path = write(tmp_path, "a,b\n", "catalogue.csv")
    report = catalogue_import(actor=users["coordinator"], data_or_file=path)
    assert "Unsupported file type “.csv”" in report.errors[0].message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    report = catalogue_import(actor=users["coordinator"], data_or_file=broken)
    assert "cannot be read as an Excel workbook" in report.errors[0].message


# --- Excel --------------------------------------------------------------------------

HEADERS = {
    "pillars": ["Mã", "Tên", "Thứ tự"],
    "measures": [
        "Mã",
        "Tên",
        "Đơn vị tính",
        "Tần suất",
        "Theo thời gian",
        "Theo đơn vị",
        "Đơn vị báo cáo",
        "Mô tả",
    ],
    "indicators": [
        "Mã",
        "Tên",
        "Trụ cột",
        "Công thức",
        "Đơn vị tính",
        "Chiều",
        "Số chữ số thập phân",
        "Giới hạn",
        "Chỉ số chính",
        "Thứ tự",
        "Mô tả",
    ],
    "plans": [
        "Số hiệu",
        "Trích yếu",
        "Mã cơ quan ban hành",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Từ năm",
        "Đến năm",
        "Văn bản nguồn",
    ],
    "targets": [
        "Kế hoạch",
        "Chỉ số",
        "So sánh",
        "Giá trị",
        "Đơn vị tính",
        "Năm",
        "Kỳ",
        "Mã đơn vị",
        "Loại đơn vị",
        "Năm gốc",
        "Giá trị gốc",
        "Trích dẫn",
    ],
}


def good_workbook() -> dict[str, list[list[Any]]]:
    return {
        SHEETS["pillars"]: [HEADERS["pillars"], ["cqs", "Chính quyền số", 1]],
        SHEETS["measures"]: [
            HEADERS["measures"],
            [
                "received",
                "Hồ sơ tiếp nhận",
                "hồ sơ",
                "month",
                "flow",
                "sum",
                "commune, department",
                None,
            ],
            ["online", "Hồ sơ trực tuyến", "hồ sơ", "month", None, None, "commune", ""],
        ],
        SHEETS["indicators"]: [
            HEADERS["indicators"],
            [
                "online_rate",
                "Tỷ lệ trực tuyến",
                "cqs",
                "100 * online / received",
                "%",
                "higher",
                2,
                100,
                "có",
                1,
                None,
            ],
        ],
        SHEETS["plans"]: [
            HEADERS["plans"],
            ["72-KH/BCĐ", "Kế hoạch CĐS 2024", 20, "Ban Chỉ đạo", "15/03/2024", 2024, 2025, None],
        ],
        SHEETS["targets"]: [
            HEADERS["targets"],
            [
                "72-KH/BCĐ",
                "online_rate",
                ">=",
                "97,92",
                "%",
                2024,
                None,
                None,
                None,
                None,
                None,
                "đạt 97,92%",
            ],
            [None] * 12,  # an empty row is skipped
            [
                "72-KH/BCĐ",
                "online_rate",
                "≥",
                85,
                "%",
                2025,
                "2025-h1",
                None,
                "commune",
                2023,
                61.5,
                None,
            ],
        ],
        "Ghi chú": [["a sheet the importer does not know is ignored"]],
    }


def test_excel_import(users: dict[str, User]) -> None:
    report = catalogue_import(actor=users["coordinator"], data_or_file=workbook(good_workbook()))

    assert report.errors == [] and report.fmt == "xlsx"
    assert report.totals.created == 7
    rate = Indicator.objects.get(code="online_rate")
    assert rate.is_key and rate.decimals == 2 and rate.factor == 100
    assert Measure.objects.get(code="received").reporting_kinds == ["commune", "department"]
    plan = Plan.objects.get(number="72-KH/BCĐ")
    assert plan.issuer is not None and plan.issuer.code == "20"
    first, second = plan.targets.order_by("order")
    assert (first.value, first.comparator, first.evidence) == (
        Decimal("97.92"),
        "gte",
        "đạt 97,92%",
    )
    assert (second.period, second.unit_kind, second.baseline_value) == (
        "2025-H1",
        "commune",
        Decimal("61.5"),
    )
    assert (first.order, second.order) == (0, 1)

    again = catalogue_import(actor=users["coordinator"], data_or_file=workbook(good_workbook()))
    assert again.totals.unchanged == 7 and again.totals.created + again.totals.updated == 0


def test_excel_problems_name_sheet_row_and_column(users: dict[str, User]) -> None:
    sheets = good_workbook()
    sheets[SHEETS["indicators"]].append(
        [
            "typo",
            "Sai số liệu",
            "cqs",
            "100 * onlin / received",
            "%",
            None,
            None,
            None,
            None,
            None,
            None,
        ]
    )
    sheets[SHEETS["indicators"]].append(
        ["online_rate", "Trùng", "kts", "online", "hồ sơ", "up", None, None, "maybe", None, None]
    )
    sheets[SHEETS["targets"]].append(
        [
            "72-KH/BCĐ",
            "online_rate",
            "≈",
            70,
            "hồ sơ",
            2025,
            "2025-13",
            "20-KHONG-CO",
            None,
            None,
            None,
            None,
        ]
    )
    sheets[SHEETS["targets"]].append(
        ["72-KH/BCĐ", "online_rate", "≥", 5000, "hồ sơ", 2025, None, None, None, None, None, None]
    )
    sheets[SHEETS["plans"]].append(
        ["KH-2", "Kế hoạch hai", None, None, "ngày mai", 2024, 2024, None]
    )
    sheets[SHEETS["pillars"]][0].append("Màu")

    report = catalogue_import(actor=users["coordinator"], data_or_file=workbook(sheets))
    found = problems(report)

    def at(sheet: str, row: int, column: str, header: str) -> str:
        return f"sheet “{SHEETS[sheet]}”, row {row}, column {column} ({header})"

    expected = {
        at("pillars", 1, "D", "Màu"): "Unknown column “Màu”",
        at("indicators", 3, "D", "Công thức"): "Unknown measure “onlin”",
        at("indicators", 4, "A", "Mã"): "appears twice in the file",
        at("indicators", 4, "C", "Trụ cột"): "Unknown pillar “kts”",
        at("indicators", 4, "F", "Chiều"): "“up” is not one of: higher, lower",
        at("indicators", 4, "I", "Chỉ số chính"): "“maybe” is not yes or no",
        at("plans", 3, "E", "Ngày ban hành"): "“ngày mai” is not a date",
        at("targets", 5, "C", "So sánh"): "Unknown comparator “≈”",
        at("targets", 5, "G", "Kỳ"): "Không đọc được kỳ báo cáo",
        at("targets", 5, "H", "Mã đơn vị"): "no unit with code “20-KHONG-CO”",
        f"sheet “{SHEETS['targets']}”, row 6, column E (Đơn vị tính)": "is measured in “%”",
    }
    for location, words in expected.items():
        assert location in found, f"{location} not reported; got {sorted(found)}"
        assert words in found[location], (location, found[location])
    assert rows_of_everything() == {m.__name__: 0 for m in MODELS}


def test_excel_missing_required_column_is_reported_once(users: dict[str, User]) -> None:
    sheets: dict[str, list[list[Any]]] = {
        SHEETS["pillars"]: [["Mã", "Thứ tự"], ["cqs", 1], ["xhs", 2]]
    }
    report = catalogue_import(actor=users["coordinator"], data_or_file=workbook(sheets))
    assert [(p.location, p.message) for p in report.errors] == [
        (f"sheet “{SHEETS['pillars']}”, row 1", "Missing columns: Tên.")
    ]


def test_excel_with_no_catalogue_sheet(users: dict[str, User]) -> None:
    report = catalogue_import(actor=users["coordinator"], data_or_file=workbook({"Sheet": [["x"]]}))
    assert "none of the sheets" in report.errors[0].message


# --- export and round trip ---------------------------------------------------------


def test_yaml_export_round_trip(tmp_path: Path, users: dict[str, User]) -> None:
    catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, EXAMPLE))
    exported = catalogue_export(fmt="yaml")
    assert "formula: 100 * received_online / received" in exported.decode()
    assert "value: 97.92" in exported.decode()
    wipe()

    report = catalogue_import(actor=users["coordinator"], data_or_file=exported)

    assert report.errors == [] and report.totals.created == 15
    assert catalogue_export(fmt="yaml") == exported


def test_xlsx_export_round_trip(tmp_path: Path, users: dict[str, User]) -> None:
    catalogue_import(actor=users["coordinator"], data_or_file=write(tmp_path, EXAMPLE))
    as_yaml = catalogue_export(fmt="yaml")
    exported = catalogue_export(fmt="xlsx")
    book = load_workbook(io.BytesIO(exported))
    assert book.sheetnames == list(SHEETS.values())
    assert [c.value for c in book[SHEETS["indicators"]][1]][:4] == [
        "Mã",
        "Tên",
        "Trụ cột",
        "Công thức",
    ]
    wipe()

    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(exported)
    report = catalogue_import(actor=users["coordinator"], data_or_file=path)

    assert report.errors == [] and report.totals.created == 15
    assert catalogue_export(fmt="yaml") == as_yaml
    assert catalogue_import(actor=users["coordinator"], data_or_file=path).totals.unchanged == 15


def test_export_of_an_empty_catalogue_imports(users: dict[str, User]) -> None:
    for fmt in ("yaml", "xlsx"):
        report = catalogue_import(
            actor=users["coordinator"], data_or_file=catalogue_export(fmt=fmt)
        )
        assert report.errors == [] and report.totals.total == 0


# --- permissions ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "leader", "reporter"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_only_coordinators_and_admins_may_import(
    role: str, dry_run: bool, tmp_path: Path, users: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied):
        catalogue_import(actor=users[role], data_or_file=write(tmp_path, EXAMPLE), dry_run=dry_run)
    assert rows_of_everything() == {m.__name__: 0 for m in MODELS}


# --- the command -----------------------------------------------------------------


def test_command_imports_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, EXAMPLE)
    out = io.StringIO()
    call_command("catalogue", "import", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and Indicator.objects.count() == 0

    call_command("catalogue", "import", str(path), stdout=out)
    assert Indicator.objects.count() == 3

    for name in ("out.yaml", "out.xlsx"):
        call_command("catalogue", "export", str(tmp_path / name), stdout=out)
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / "out.yaml").read_bytes() == catalogue_export(fmt="yaml")
    with pytest.raises(CommandError):
        call_command("catalogue", "export", str(tmp_path / "out.csv"))


def test_command_prints_each_problem_and_exits_non_zero(tmp_path: Path) -> None:
    # call_command, not execute_from_command_line: the latter closes every database
    # connection when it ends, which would end the test's transaction on PostgreSQL. A
    # CommandError is what makes the real command exit non-zero.
    path = write(tmp_path, BAD_YAML)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalogue", "import", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith("indicators[1].formula: ") and "“onlin”" in line for line in lines)
    assert any(line.startswith("plans[0].targets[2].comparator: ") for line in lines)
    assert rows_of_everything() == {m.__name__: 0 for m in MODELS}
