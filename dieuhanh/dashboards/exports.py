"""Excel files of the dashboards' tables: the same figures as the page, Vietnamese
headers, numbers as numbers (formatted by Excel), missing as empty cells — never 0.

A figure is rounded as the page rounds it — to the indicator's ``decimals``, half up
(``core.vnformat``) — and kept a number cell whose number format shows those decimals,
so that Excel users can compute with it. A target is written in three cells, as Excel
users filter and compare: the comparator ("≥"), the value (a number, formatted as the
figures are) and the year."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.rollup import Figure
from dieuhanh.dashboards import display
from dieuhanh.dashboards.selectors import AssignmentSummary, Matrix, Overview
from dieuhanh.indicators.models import Indicator, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")


def _n(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rounded(value: Decimal | None, decimals: int) -> float | None:
    """``99.82222…`` with 2 decimals → ``99.82``; half up, as the page (``vnformat``)."""
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return float(d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _v(value: Decimal | None, indicator: Indicator) -> float | None:
    """A figure of the indicator as the page shows it: rounded to its decimals."""
    return _rounded(value, indicator.decimals)


def _decimals_fmt(decimals: int) -> str:
    return "#,##0" if not decimals else "#,##0." + "0" * decimals


def _fmt(indicator: Indicator) -> str:
    """``#,##0.00`` for two decimals: Excel writes it with the reader's own separators
    (``99,82`` in a Vietnamese Excel)."""
    return _decimals_fmt(indicator.decimals)


def _comparator(target: Target | None) -> str | None:
    return None if target is None else target.get_comparator_display()


def _title(ws: Worksheet, text: str, note: str = "") -> None:
    ws.append([text])
    ws["A1"].font = Font(bold=True, size=13)
    if note:
        ws.append([note])
        ws["A2"].font = Font(italic=True, color="5B6675")
    ws.append([])


def _header(ws: Worksheet, labels: Sequence[str]) -> None:
    ws.append(list(labels))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"B{ws.max_row + 1}"  # a string: ws.cell() would add an empty row


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _save(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _completeness(f: Figure) -> float | None:
    return None if f.completeness is None else float(f.completeness)


def overview_workbook(ov: Overview) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ số"
    _title(
        ws,
        f"Tổng quan — {ov.unit.name} — {ov.period.label_vi()}",
        "Số liệu như trên màn hình Tổng quan; ô trống là không có số liệu (không phải 0).",
    )
    _header(
        ws,
        [
            "Trụ cột",
            "Chỉ số",
            "Đơn vị tính",
            ov.period.label_vi(),
            f"Cùng kỳ ({ov.previous.label_vi()})",
            "Thay đổi so với cùng kỳ",
            "So sánh với chỉ tiêu",
            "Chỉ tiêu",
            "Năm chỉ tiêu",
            "Đánh giá",
            "Tử số",
            "Mẫu số",
            "Mức đầy đủ số liệu",
        ],
    )
    for block in ov.blocks:
        for row in block.rows:
            ind, f = row.indicator, row.figure
            ch = display.change(
                f, row.previous, higher_is_better=ind.direction == Indicator.Direction.HIGHER
            )
            ws.append(
                [
                    block.pillar.name,
                    ind.name,
                    ind.unit_of_measure,
                    _v(f.value, ind),
                    _v(row.previous.value, ind) if row.previous else None,
                    _v(ch.delta, ind) if ch else None,
                    _comparator(row.target),
                    _v(row.target.value, ind) if row.target else None,
                    row.target.year if row.target else None,
                    row.evaluation.result.label_vi if row.evaluation else None,
                    _n(f.numerator) if f.denominator is not None else None,
                    _n(f.denominator),
                    _completeness(f),
                ]
            )
            for col in (4, 5, 6, 8):
                ws.cell(ws.max_row, col).number_format = _fmt(ind)
            ws.cell(ws.max_row, 7).alignment = Alignment(horizontal="center")
            ws.cell(ws.max_row, 13).number_format = "0%"
    _widths(ws, [18, 52, 12, 16, 16, 14, 10, 12, 10, 20, 14, 14, 12])
    _assignments_sheet(wb, ov.assignments)
    if ov.card is not None and ov.plan is not None:
        ws2 = wb.create_sheet("Kế hoạch")
        _title(ws2, f"Kế hoạch {ov.plan.number}: {ov.card.summary_vi()}")
        _header(ws2, ["Đạt", "Vượt", "Không đạt", "Chưa đủ dữ liệu", "Tổng số chỉ tiêu"])
        ws2.append([ov.card.met, ov.card.exceeded, ov.card.not_met, ov.card.unknown, ov.card.total])
        ws3 = wb.create_sheet("Chỉ số 766")
        _title(ws3, f"Bộ chỉ số 766 — {ov.unit.name} — {ov.period.label_vi()}")
        _header(ws3, ["Điểm", "Trên tổng điểm có dữ liệu", "Quy đổi /100", "Xếp loại", "Xếp hạng"])
        ix = ov.index
        ws3.append(
            [
                _rounded(ix.total, 2),
                _rounded(ix.max_attainable, 2),
                _rounded(ix.normalized, 2),  # as the page: 92,86/100
                ix.band,
                f"{ix.rank}/{ix.ranked}" if ix.rank else None,
            ]
        )
        for col in (1, 2, 3):
            ws3.cell(ws3.max_row, col).number_format = _decimals_fmt(2)
    return _save(wb)


def _assignments_sheet(wb: Workbook, a: AssignmentSummary) -> None:
    from dieuhanh.directives.status import Status

    ws = wb.create_sheet("Nhiệm vụ")
    _title(ws, "Nhiệm vụ được giao: số lượng theo tình trạng")
    _header(ws, ["Tình trạng", "Số nhiệm vụ"])
    for status in Status:
        ws.append([status.label_vi, a.counts.get(status.value, 0)])
    ws.append([])
    for heading, rows in (
        ("Quá hạn lâu nhất", a.overdue),
        ("Hạn gần nhất", a.upcoming),
    ):
        ws.append([heading])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        _header(ws, ["Văn bản", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
        for t in rows:
            ws.append([str(t.directive), t.text, t.lead_unit.name, t.deadline])
            ws.cell(ws.max_row, 4).number_format = "dd/mm/yyyy"
        ws.append([])
    _widths(ws, [40, 80, 36, 12])


def compare_workbook(
    m: Matrix,
    *,
    columns: Sequence[Indicator],
    ranking: Indicator | None,
    ranked: Sequence[display.Ranked[Any]],
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "So sánh"
    _title(
        ws,
        f"So sánh các đơn vị — {m.period.label_vi()}",
        "Mỗi cột một chỉ số; các dòng cuối là số của cả tỉnh và chỉ tiêu của tỉnh "
        "(phép so sánh, giá trị, năm). Ô trống là không có số liệu (không phải 0).",
    )
    _header(
        ws,
        ["Đơn vị"] + [f"{i.name} ({i.unit_of_measure})" for i in columns],
    )
    for u in m.units:
        ws.append([u.name] + [_v(m.figure(i, u).value, i) for i in columns])
        _number_formats(ws, columns)
    ws.append([m.province.name] + [_v(m.total(i).value, i) for i in columns])
    _number_formats(ws, columns)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    targets = [m.targets.get(i.pk) for i in columns]
    ws.append(["Chỉ tiêu của tỉnh: phép so sánh"] + [_comparator(t) for t in targets])
    for cell in ws[ws.max_row][1:]:
        cell.alignment = Alignment(horizontal="right")
    ws.append(
        ["Chỉ tiêu của tỉnh: giá trị"]
        + [None if t is None else _v(t.value, i) for i, t in zip(columns, targets, strict=True)]
    )
    _number_formats(ws, columns)
    ws.append(["Chỉ tiêu của tỉnh: năm"] + [None if t is None else t.year for t in targets])
    _widths(ws, [36] + [16] * len(columns))
    if ranking is not None:
        ws2 = wb.create_sheet("Xếp hạng")
        _title(ws2, f"Xếp hạng: {ranking.name} — {m.period.label_vi()}")
        _header(
            ws2,
            [
                "Hạng",
                "Đơn vị",
                f"Giá trị ({ranking.unit_of_measure})",
                "Tử số",
                "Mẫu số",
                "Mức đầy đủ số liệu",
            ],
        )
        for r in ranked:
            f = r.figure
            ws2.append(
                [
                    r.rank,
                    r.key.name,
                    _v(f.value, ranking),
                    _n(f.numerator) if f.denominator is not None else None,
                    _n(f.denominator),
                    _completeness(f),
                ]
            )
            ws2.cell(ws2.max_row, 3).number_format = _fmt(ranking)
            ws2.cell(ws2.max_row, 6).number_format = "0%"
        _widths(ws2, [8, 40, 16, 14, 14, 12])
    return _save(wb)


def _number_formats(ws: Worksheet, columns: Sequence[Indicator]) -> None:
    """The last row's cells, one indicator a column from B: each with its decimals."""
    for col, ind in enumerate(columns, start=2):
        ws.cell(ws.max_row, col).number_format = _fmt(ind)


def map_workbook(
    *, indicator: Indicator, period_label: str, points: Sequence[tuple[Any, Figure]]
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bản đồ"
    _title(
        ws,
        f"{indicator.name} — {period_label}",
        "Tọa độ (vĩ độ, kinh độ) là điểm đại diện của đơn vị theo danh mục hành chính.",
    )
    _header(
        ws,
        ["Đơn vị", "Mã thống kê", "Vĩ độ", "Kinh độ", f"Giá trị ({indicator.unit_of_measure})"],
    )
    for unit, f in points:
        ws.append(
            [
                unit.name,
                unit.nso_code,
                _n(unit.latitude),
                _n(unit.longitude),
                _v(f.value, indicator),
            ]
        )
        ws.cell(ws.max_row, 5).number_format = _fmt(indicator)
    _widths(ws, [36, 12, 12, 12, 16])
    return _save(wb)


def drill_workbook(
    *,
    indicator: Indicator,
    title: str,
    rows: Sequence[tuple[Any, Figure]],
    whole: tuple[Any, Figure],
    remainder: tuple[str, display.Remainder] | None = None,
) -> bytes:
    """The drill-down's table: the sub-units, then (as on the page) what the unit's
    figure holds beyond them — ``remainder``, labelled, when the page shows it — and the
    unit's figure, in bold: the rows above it add up to it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phân rã"
    _title(ws, title)
    _header(
        ws,
        [
            "Đơn vị",
            f"Giá trị ({indicator.unit_of_measure})",
            "Tử số",
            "Mẫu số",
            "Mức đầy đủ số liệu",
        ],
    )

    def line(name: str, f: Figure | display.Remainder, completeness: float | None) -> None:
        ws.append(
            [
                name,
                _v(f.value, indicator),
                _n(f.numerator) if f.denominator is not None else None,
                _n(f.denominator),
                completeness,
            ]
        )
        ws.cell(ws.max_row, 2).number_format = _fmt(indicator)
        ws.cell(ws.max_row, 5).number_format = "0%"

    for unit, f in rows:
        line(unit.name, f, _completeness(f))
    if remainder is not None:
        # No completeness, and no value for a ratio: the page shows none either.
        label, r = remainder
        line(label, r, None)
        ws.cell(ws.max_row, 1).font = Font(italic=True)
    unit, f = whole
    line(unit.name, f, _completeness(f))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    _widths(ws, [40, 16, 14, 14, 12])
    return _save(wb)
