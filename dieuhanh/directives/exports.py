"""Excel workbooks of the assignment list and the scorecard.

Headers are in Vietnamese whatever the interface language: these files are sent on as
official tables. Dates are real dates shown dd/mm/yyyy, rates real percentages.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.vnformat import format_date
from dieuhanh.directives.models import Assignment
from dieuhanh.directives.selectors import ScoreRow
from dieuhanh.directives.status import Status

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
_WRAP = Alignment(wrap_text=True, vertical="top")

ASSIGNMENT_HEADERS = (
    ("STT", 6),
    ("Văn bản", 20),
    ("Ngày văn bản", 13),
    ("Nội dung nhiệm vụ", 70),
    ("Đơn vị chủ trì", 30),
    ("Đơn vị phối hợp", 30),
    ("Hạn ban đầu", 13),
    ("Hạn hiện tại", 13),
    ("Ngày báo cáo hoàn thành", 14),
    ("Tiến độ (%)", 10),
    ("Trạng thái", 24),
)
SCORECARD_HEADERS = (
    ("Xếp hạng", 9),
    ("Đơn vị", 40),
    ("Được giao", 11),
    ("Hoàn thành đúng hạn", 12),
    ("Hoàn thành quá hạn", 12),
    ("Chưa hoàn thành trong hạn", 14),
    ("Chưa hoàn thành quá hạn", 14),
    ("Tỷ lệ đúng hạn", 12),
)


def _header(ws: Worksheet, headers: Iterable[tuple[str, int]]) -> list[WriteOnlyCell]:
    cells = []
    for i, (title, width) in enumerate(headers):
        cell = WriteOnlyCell(ws, value=title)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        cells.append(cell)
        ws.column_dimensions[chr(ord("A") + i)].width = width
    return cells


def _date(ws: Worksheet, value: date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if value is not None:
        cell.number_format = DATE_FORMAT
    return cell


def _text(ws: Worksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.alignment = _WRAP
    return cell


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def assignments_workbook(assignments: Iterable[Assignment], *, today: date, title: str) -> bytes:
    """The list as filtered (``assignments`` with ``cooperating_units`` prefetched)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nhiệm vụ")
    ws.append([f"{title} (đến ngày {format_date(today)})"])
    ws.append(_header(ws, ASSIGNMENT_HEADERS))
    ws.freeze_panes = "A3"
    for n, a in enumerate(assignments, 1):
        status = Status(a.status_on(today))
        ws.append(
            [
                n,
                str(a.directive.number or a.directive.get_kind_display()),
                _date(ws, a.directive.date),
                _text(ws, capfirst(a.text)),  # as the screens write it
                _text(ws, a.lead_unit.name),
                _text(ws, ", ".join(u.name for u in a.cooperating_units.all())),
                _date(ws, a.deadline_original),
                _date(ws, a.deadline),
                _date(ws, a.completed_on),
                a.progress_percent,
                status.label_vi,
            ]
        )
    return _save(wb)


def scorecard_workbook(rows: Iterable[ScoreRow], *, today: date, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Xếp hạng")
    ws.append([f"{title} (đến ngày {format_date(today)})"])
    ws.append(_header(ws, SCORECARD_HEADERS))
    ws.freeze_panes = "A3"
    for row in rows:
        rate = WriteOnlyCell(ws, value=row.rate)
        rate.number_format = PERCENT_FORMAT
        ws.append(
            [
                row.rank,
                row.unit_name,
                row.assigned,
                row.done_on_time,
                row.done_late,
                row.open_in_time,
                row.open_overdue,
                rate if row.rate is not None else "—",
            ]
        )
    return _save(wb)
