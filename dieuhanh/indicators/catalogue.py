"""The indicator catalogue as a file: pillars, measures, indicators, plans and targets read
from YAML or Excel and written back (docs/catalogue.md describes both formats).

``catalogue_import`` reads a whole file, checks every record, and collects every problem
with its place in the file (``indicators[3].formula``; ``sheet “Chỉ số”, row 5, column D``)
before anything is kept. It writes only through the catalogue services, so their
permission checks and rules apply, inside one transaction: a file with one bad row writes
nothing. A record equal to what is stored is left alone, so importing the same file twice
changes nothing the second time and adds no history.

``catalogue_export`` writes the whole catalogue in either format; importing the export
into an empty catalogue reproduces it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.core.formulas import (
    CODE_RE,
    Formula,
    FormulaError,
    format_formula,
    formula_codes,
    parse_formula,
)
from dieuhanh.core.periods import Period, PeriodParseError
from dieuhanh.core.vnformat import parse_date, parse_number
from dieuhanh.indicators import services
from dieuhanh.indicators.models import (
    Comparator,
    Frequency,
    Indicator,
    IndicatorTerm,
    Measure,
    Pillar,
    Plan,
    Target,
)
from dieuhanh.orgunits.models import OrgUnit

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

__all__ = [
    "FORMATS",
    "SECTIONS",
    "SHEETS",
    "Change",
    "Counts",
    "ImportReport",
    "Problem",
    "catalogue_export",
    "catalogue_import",
]

FORMATS = ("yaml", "xlsx")
#: Sections in the order they are written (each may refer to the ones before it).
SECTIONS = ("pillars", "measures", "indicators", "plans", "targets")
#: Excel sheet of each section. The names are part of the file format: never translated.
SHEETS = {
    "pillars": "Trụ cột",
    "measures": "Số liệu gốc",
    "indicators": "Chỉ số",
    "plans": "Kế hoạch",
    "targets": "Chỉ tiêu",
}
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class _Column:
    name: str  # the YAML key
    header: str  # the Excel header (part of the file format: Vietnamese, never translated)
    required: bool = False


_COLUMNS: dict[str, tuple[_Column, ...]] = {
    "pillars": (
        _Column("code", "Mã", True),
        _Column("name", "Tên", True),
        _Column("order", "Thứ tự"),
    ),
    "measures": (
        _Column("code", "Mã", True),
        _Column("name", "Tên", True),
        _Column("unit", "Đơn vị tính", True),
        _Column("frequency", "Tần suất"),
        _Column("time", "Theo thời gian"),
        _Column("space", "Theo đơn vị"),
        _Column("reported_by", "Đơn vị báo cáo"),
        _Column("description", "Mô tả"),
    ),
    "indicators": (
        _Column("code", "Mã", True),
        _Column("name", "Tên", True),
        _Column("pillar", "Trụ cột", True),
        _Column("formula", "Công thức", True),
        _Column("unit", "Đơn vị tính", True),
        _Column("direction", "Chiều"),
        _Column("decimals", "Số chữ số thập phân"),
        _Column("limit", "Giới hạn"),
        _Column("key", "Chỉ số chính"),
        _Column("order", "Thứ tự"),
        _Column("description", "Mô tả"),
    ),
    "plans": (
        _Column("number", "Số hiệu", True),
        _Column("title", "Trích yếu", True),
        _Column("issuer", "Mã cơ quan ban hành"),
        _Column("issuer_name", "Cơ quan ban hành"),
        _Column("issued_on", "Ngày ban hành"),
        _Column("year_from", "Từ năm", True),
        _Column("year_to", "Đến năm"),
        _Column("source_text", "Văn bản nguồn"),
    ),
    "targets": (
        _Column("plan", "Kế hoạch", True),
        _Column("indicator", "Chỉ số", True),
        _Column("comparator", "So sánh", True),
        _Column("value", "Giá trị", True),
        _Column("unit", "Đơn vị tính", True),
        _Column("year", "Năm", True),
        _Column("period", "Kỳ"),
        _Column("unit_code", "Mã đơn vị"),
        _Column("unit_kind", "Loại đơn vị"),
        _Column("baseline_year", "Năm gốc"),
        _Column("baseline_value", "Giá trị gốc"),
        _Column("evidence", "Trích dẫn"),
        _Column("order", "Thứ tự"),
    ),
}
# In YAML a plan gives its years as ``years: [from, to]`` and holds its targets.
_YAML_KEYS: dict[str, tuple[str, ...]] = {
    section: tuple(c.name for c in columns) for section, columns in _COLUMNS.items()
}
_YAML_KEYS["plans"] = (
    *(k for k in _YAML_KEYS["plans"] if k not in ("year_from", "year_to")),
    "years",
    "targets",
)
_YAML_KEYS["targets"] = tuple(k for k in _YAML_KEYS["targets"] if k != "plan")

_COMPARATORS = {
    "≥": Comparator.GTE,
    ">=": Comparator.GTE,
    "gte": Comparator.GTE,
    "≤": Comparator.LTE,
    "<=": Comparator.LTE,
    "lte": Comparator.LTE,
    "=": Comparator.EQ,
    "==": Comparator.EQ,
    "eq": Comparator.EQ,
}
_COMPARATOR_SIGNS = {Comparator.GTE: "≥", Comparator.LTE: "≤", Comparator.EQ: "="}
_TRUE = {"true", "yes", "có", "co", "x", "1", "đúng"}
_FALSE = {"false", "no", "không", "khong", "0", "sai"}
# Model field → file field, to place the services' field errors.
_MODEL_FIELDS: dict[str, dict[str, str]] = {
    "measures": {
        "unit_of_measure": "unit",
        "time_aggregation": "time",
        "spatial_aggregation": "space",
    },
    "indicators": {"unit_of_measure": "unit", "is_key": "key", "factor": "formula"},
    "targets": {"unit": "unit_code", "unit_of_measure": "unit"},
}


# --- the report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, and where."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class Change:
    """What importing did (or, in a dry run, would do) to one record."""

    section: str
    key: str
    action: str  # "created", "updated" or "unchanged"
    location: str

    @property
    def section_label(self) -> str:
        return section_label(self.section)

    @property
    def action_label(self) -> str:
        labels = {"created": _("new"), "updated": _("changed"), "unchanged": _("unchanged")}
        return labels[self.action]


@dataclass
class ImportReport:
    dry_run: bool
    fmt: str = ""
    errors: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SECTIONS})
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        """True when the file's changes were kept (no error, not a dry run)."""
        return self.ok and not self.dry_run

    @property
    def sections(self) -> list[tuple[str, Counts]]:
        """(label, counts) of each section, in the order they are written."""
        return [(section_label(s), self.counts[s]) for s in SECTIONS]

    @property
    def totals(self) -> Counts:
        return Counts(
            created=sum(c.created for c in self.counts.values()),
            updated=sum(c.updated for c in self.counts.values()),
            unchanged=sum(c.unchanged for c in self.counts.values()),
        )

    def summary(self) -> str:
        t = self.totals
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": t.created,
            "updated": t.updated,
            "unchanged": t.unchanged,
        }


def section_label(section: str) -> str:
    labels = {
        "pillars": _("Pillars"),
        "measures": _("Measures"),
        "indicators": _("Indicators"),
        "plans": _("Plans"),
        "targets": _("Targets"),
    }
    return labels[section]


# --- reading a file into rows --------------------------------------------------------


class _Locator:
    """Says where a field of one record is in the file."""

    def at(self, name: str | None = None) -> str:
        raise NotImplementedError


class _YamlLocator(_Locator):
    def __init__(self, path: str, overrides: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.overrides = dict(overrides or {})

    def at(self, name: str | None = None) -> str:
        if name is None:
            return self.path
        return self.overrides.get(name, f"{self.path}.{name}")


class _SheetLocator(_Locator):
    def __init__(self, sheet: str, row: int, columns: Mapping[str, tuple[str, str]]) -> None:
        self.sheet = sheet
        self.row = row
        self.columns = columns  # field → (column letter, header)

    def at(self, name: str | None = None) -> str:
        if name is None or name not in self.columns:
            return _("sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        letter, header = self.columns[name]
        return _("sheet “%(sheet)s”, row %(row)s, column %(column)s (%(header)s)") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": letter,
            "header": header,
        }


@dataclass
class _Row:
    section: str
    values: dict[str, Any]
    where: _Locator
    order: int = 0  # position among its plan's targets
    seq: int = 0  # position in the file

    def get(self, name: str) -> Any:
        return self.values.get(name)


@dataclass
class _Rows:
    by_section: dict[str, list[_Row]] = field(default_factory=lambda: {s: [] for s in SECTIONS})


class _DecimalLoader(yaml.SafeLoader):
    """Reads YAML numbers with a fraction as ``Decimal``, digit for digit."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(str(yaml.SafeLoader.construct_yaml_float(loader, node)))  # type: ignore[arg-type]


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# YAML 1.1 reads a lone "=" as a "value" tag SafeLoader cannot build: here it is the
# comparator, so ``comparator: =`` needs no quotes.
_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:value",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


# A value whose problem the reader has already reported.
_REPORTED = object()


class _Problems:
    def __init__(self) -> None:
        self._found: list[tuple[int, int, Problem]] = []
        self.seq = 0  # the record being read: problems are listed in the file's order

    def add(self, location: str, message: str, seq: int | None = None) -> None:
        where = self.seq if seq is None else seq
        self._found.append((where, len(self._found), Problem(location, message)))

    @property
    def items(self) -> list[Problem]:
        return [problem for _seq, _n, problem in sorted(self._found, key=lambda f: f[:2])]


def _read_yaml(text: str | Mapping[str, Any], problems: _Problems) -> _Rows:
    rows = _Rows()
    if isinstance(text, str):
        try:
            data = yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = (
                _("line %(line)s, column %(column)s")
                % {"line": mark.line + 1, "column": mark.column + 1}
                if mark
                else ""
            )
            message = _("The file is not valid YAML: %(problem)s.") % {"problem": exc.problem}
            problems.add(where, message)
            return rows
        except yaml.YAMLError as exc:
            problems.add("", _("The file is not valid YAML: %(problem)s.") % {"problem": exc})
            return rows
    else:
        data = text
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        problems.add(
            "",
            _("The file must be a mapping with the sections %(sections)s.")
            % {"sections": ", ".join(("pillars", "measures", "indicators", "plans"))},
        )
        return rows
    for key in data:
        if key not in ("pillars", "measures", "indicators", "plans"):
            problems.add(
                str(key),
                _("Unknown section “%(name)s”; the sections are: %(known)s.")
                % {"name": key, "known": "pillars, measures, indicators, plans"},
            )
    for section in ("pillars", "measures", "indicators", "plans"):
        for i, item in _yaml_items(data.get(section), section, problems):
            path = f"{section}[{i}]"
            problems.seq += 1
            values = _yaml_values(item, path, section, problems)
            if values is None:
                continue
            if section != "plans":
                row = _Row(section, values, _YamlLocator(path), seq=problems.seq)
                rows.by_section[section].append(row)
                continue
            overrides = {"year_from": f"{path}.years[0]", "year_to": f"{path}.years[1]"}
            years = values.pop("years", None)
            if isinstance(years, list) and len(years) == 2:
                values["year_from"], values["year_to"] = years
            else:
                overrides = {"year_from": f"{path}.years", "year_to": f"{path}.years"}
                one_year = isinstance(years, int) and not isinstance(years, bool)
                if one_year or (isinstance(years, str) and years.strip().isdigit()):
                    values["year_from"] = years
                elif years is not None:
                    problems.add(
                        f"{path}.years", _("Give the years as [from, to], e.g. [2024, 2025].")
                    )
                    values["year_from"] = _REPORTED
            targets = values.pop("targets", None)
            plan = _Row("plans", values, _YamlLocator(path, overrides), seq=problems.seq)
            rows.by_section["plans"].append(plan)
            for j, target in _yaml_items(targets, f"{path}.targets", problems):
                tpath = f"{path}.targets[{j}]"
                problems.seq += 1
                tvalues = _yaml_values(target, tpath, "targets", problems)
                if tvalues is None:
                    continue
                tvalues["plan"] = values.get("number")
                locator = _YamlLocator(tpath, {"plan": f"{path}.number"})
                row = _Row("targets", tvalues, locator, order=j, seq=problems.seq)
                rows.by_section["targets"].append(row)
    return rows


def _yaml_items(value: Any, path: str, problems: _Problems) -> Iterator[tuple[int, Any]]:
    if value is None:
        return
    if not isinstance(value, list):
        problems.add(path, _("This must be a list (each item starting with “- ”)."))
        return
    yield from enumerate(value)


def _yaml_values(item: Any, path: str, section: str, problems: _Problems) -> dict[str, Any] | None:
    if not isinstance(item, Mapping):
        problems.add(path, _("Each item must be a mapping of fields (name: value)."))
        return None
    known = _YAML_KEYS[section]
    for key in item:
        if key not in known:
            problems.add(
                f"{path}.{key}",
                _("Unknown field “%(name)s”; the fields here are: %(known)s.")
                % {"name": key, "known": ", ".join(known)},
            )
    return {str(k): v for k, v in item.items() if k in known}


def _fold(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _read_xlsx(data: bytes, problems: _Problems) -> _Rows:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    rows = _Rows()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        problems.add("", _("The file cannot be read as an Excel workbook (.xlsx)."))
        return rows
    sheets = {_fold(name): name for name in book.sheetnames}
    found = False
    for section in SECTIONS:
        title = sheets.get(_fold(SHEETS[section]))
        if title is None:
            continue
        found = True
        columns = _COLUMNS[section]
        by_header = {_fold(c.header): c for c in columns} | {_fold(c.name): c for c in columns}
        problems.seq += 1
        worksheet = book[title]
        worksheet.reset_dimensions()  # read every row, whatever the file claims
        sheet_rows = worksheet.iter_rows(values_only=True)
        header = next(sheet_rows, None) or ()
        positions: dict[str, int] = {}
        placed: dict[str, tuple[str, str]] = {}
        for i, cell in enumerate(header):
            if cell is None or not str(cell).strip():
                continue
            letter = get_column_letter(i + 1)
            where = _("sheet “%(sheet)s”, row %(row)s, column %(column)s (%(header)s)") % {
                "sheet": title,
                "row": 1,
                "column": letter,
                "header": str(cell).strip(),
            }
            column = by_header.get(_fold(cell))
            if column is None:
                problems.add(
                    where,
                    _("Unknown column “%(header)s”; the columns of this sheet are: %(known)s.")
                    % {"header": str(cell).strip(), "known": ", ".join(c.header for c in columns)},
                )
            elif column.name in positions:
                problems.add(
                    where, _("Column “%(header)s” appears twice.") % {"header": column.header}
                )
            else:
                positions[column.name] = i
                placed[column.name] = (letter, str(cell).strip())
        missing = [c.header for c in columns if c.required and c.name not in positions]
        if missing:
            problems.add(
                _("sheet “%(sheet)s”, row %(row)s") % {"sheet": title, "row": 1},
                _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
            )
            continue
        per_plan: dict[str, int] = {}
        for number, cells in enumerate(sheet_rows, start=2):
            values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
            values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
            if all(v is None or v == "" for v in values.values()):
                continue
            problems.seq += 1
            row = _Row(section, values, _SheetLocator(title, number, placed), seq=problems.seq)
            if section == "targets":
                plan = _text(values.get("plan"))
                row.order = per_plan.get(plan, 0)
                per_plan[plan] = row.order + 1
            rows.by_section[section].append(row)
    book.close()
    if not found:
        problems.add(
            "",
            _("The workbook has none of the sheets %(sheets)s.")
            % {"sheets": ", ".join(f"“{s}”" for s in SHEETS.values())},
        )
    return rows


def _read(data_or_file: Any, problems: _Problems) -> tuple[str, _Rows]:
    """Read any accepted input: parsed YAML data (a mapping), bytes, a path, or an open
    binary file (an upload)."""
    if isinstance(data_or_file, Mapping):
        return "yaml", _read_yaml(data_or_file, problems)
    name = ""
    if isinstance(data_or_file, (str, os.PathLike)):
        name = str(data_or_file)
        try:
            content = Path(name).read_bytes()
        except OSError as exc:
            problems.add(name, _("The file cannot be opened: %(error)s.") % {"error": exc.strerror})
            return "", _Rows()
    elif isinstance(data_or_file, (bytes, bytearray)):
        content = bytes(data_or_file)
    else:
        name = str(getattr(data_or_file, "name", "") or "")
        content = data_or_file.read()
    if len(content) > MAX_FILE_BYTES:
        problems.add(
            name,
            _("The file is larger than %(size)s MB: is it really a catalogue?")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)},
        )
        return "", _Rows()
    ext = Path(name).suffix.lower()
    if ext and ext not in (".yaml", ".yml", ".xlsx"):
        problems.add(
            name,
            _("Unsupported file type “%(ext)s”: use .yaml or .xlsx.") % {"ext": ext},
        )
        return "", _Rows()
    if ext == ".xlsx" or (not ext and content[:4] == b"PK\x03\x04"):
        return "xlsx", _read_xlsx(content, problems)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(name, _("The file is not UTF-8 text."))
        return "yaml", _Rows()
    return "yaml", _read_yaml(text, problems)


# --- reading values ------------------------------------------------------------------


class _UnreadableError(Exception):
    """A value that cannot be read; the message says why."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise _UnreadableError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        number = value
    else:
        parsed = _number(value)
        if parsed != parsed.to_integral_value():
            raise _UnreadableError(
                _("“%(value)s” is not a whole number.") % {"value": _text(value)}
            )
        number = int(parsed)
    if number < 0:
        raise _UnreadableError(_("“%(value)s” cannot be negative.") % {"value": number})
    return number


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _UnreadableError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, Decimal):
        number: Decimal | None = value
    elif isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        number = parse_number(str(value))
    if number is None or not number.is_finite():
        raise _UnreadableError(_("“%(value)s” is not a number.") % {"value": _text(value)})
    return number


def _year(value: Any) -> int:
    try:
        year = _integer(value)
    except _UnreadableError:
        year = 0
    if not 1900 <= year <= 2100:
        raise _UnreadableError(_("“%(value)s” is not a year.") % {"value": _text(value)})
    return year


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    day = parse_date(_text(value))
    if day is None:
        raise _UnreadableError(
            _("“%(value)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).") % {"value": _text(value)}
        )
    return day


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    folded = _fold(_text(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise _UnreadableError(_("“%(value)s” is not yes or no.") % {"value": _text(value)})


def _choice(options: Iterable[str]) -> Callable[[Any], str]:
    options = tuple(options)

    def read(value: Any) -> str:
        text = _fold(_text(value))
        if text not in options:
            raise _UnreadableError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": _text(value), "choices": ", ".join(options)}
            )
        return text

    return read


def _slug(value: Any) -> str:
    text = _text(value)
    try:
        validate_slug(text)
    except ValidationError as exc:
        raise _UnreadableError(
            _("“%(value)s” is not a valid code (letters without accents, digits, “-” and “_”).")
            % {"value": text}
        ) from exc
    return text


def _measure_code(value: Any) -> str:
    text = _slug(value)
    if not CODE_RE.fullmatch(text):
        raise _UnreadableError(
            _("Measure code “%(value)s” must start with a letter so formulas can use it.")
            % {"value": text}
        )
    return text


_UNIT_KINDS = tuple(OrgUnit.Kind.values)


def _kinds(value: Any) -> str:
    items = value if isinstance(value, list) else re.split(r"[,;]", _text(value))
    kinds = [_fold(_text(k)) for k in items if _text(k)]
    unknown = [k for k in kinds if k not in _UNIT_KINDS]
    if unknown:
        raise _UnreadableError(
            _("Unknown unit kinds %(kinds)s; the kinds are: %(known)s.")
            % {"kinds": ", ".join(unknown), "known": ", ".join(_UNIT_KINDS)}
        )
    return ",".join(dict.fromkeys(kinds))


def _comparator(value: Any) -> str:
    text = _text(value).replace(" ", "").casefold()
    if text not in _COMPARATORS:
        raise _UnreadableError(
            _("Unknown comparator “%(value)s”: use ≥, >=, ≤, <= or =.") % {"value": _text(value)}
        )
    return _COMPARATORS[text].value


def _period(value: Any) -> str:
    try:
        return Period.parse(_text(value)).code
    except PeriodParseError as exc:
        raise _UnreadableError(str(exc)) from exc


class _Checker:
    """Reads the fields of one row, recording each problem at its place."""

    def __init__(self, row: _Row, problems: _Problems) -> None:
        self.row = row
        self.problems = problems
        self.ok = True

    def add(self, name: str | None, message: str) -> None:
        self.ok = False
        self.problems.add(self.row.where.at(name), message, self.row.seq)

    def __call__(
        self,
        name: str,
        read: Callable[[Any], Any] = _text,
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        raw = self.row.get(name)
        if raw is _REPORTED:
            self.ok = False
            return default
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.add(name, _("This field is required."))
            return default
        try:
            return read(raw)
        except _UnreadableError as exc:
            self.add(name, str(exc))
            return default


# --- checking the records ----------------------------------------------------------------


@dataclass
class _Spec:
    """A checked record: its key, the values for the service, where it came from."""

    section: str
    key: str
    row: _Row
    values: dict[str, Any]
    refs: list[tuple[str, str]] = field(default_factory=list)  # what it needs: (section, key)
    formula: Formula | None = None
    # A record with a problem that others may still refer to: it is saved (in the
    # transaction that will be undone) only so that the records referring to it can be
    # checked too, and whatever the service says about it is already known.
    broken: bool = False


def _keys_in_file(rows: _Rows) -> dict[str, set[str]]:
    """The key of every record the file defines, valid or not."""
    keys = {s: {_text(r.get("code")) for r in rows.by_section[s]} for s in SECTIONS}
    keys["plans"] = {_text(r.get("number")) for r in rows.by_section["plans"]}
    keys["targets"] = set()
    return keys


def _check(rows: _Rows, problems: _Problems) -> dict[str, list[_Spec]]:
    specs: dict[str, list[_Spec]] = {s: [] for s in SECTIONS}
    seen: dict[tuple[str, Any], str] = {}

    def unique(check: _Checker, section: str, key: Any, name: str | None) -> bool:
        first = seen.get((section, key))
        if first is not None:
            if section == "targets":
                message = _(
                    "This target (same plan, indicator, unit, year and period) appears twice "
                    "in the file (also at %(other)s)."
                ) % {"other": first}
            else:
                message = _("“%(key)s” appears twice in the file (also at %(other)s).") % {
                    "key": key,
                    "other": first,
                }
            check.add(name, message)
            return False
        seen[(section, key)] = check.row.where.at(name)
        return True

    for row in rows.by_section["pillars"]:
        c = _Checker(row, problems)
        code = c("code", _slug, required=True)
        values = {"name": c("name", required=True), "order": c("order", _integer, default=0)}
        if code and unique(c, "pillars", code, "code"):
            specs["pillars"].append(_Spec("pillars", code, row, values, broken=not c.ok))

    for row in rows.by_section["measures"]:
        c = _Checker(row, problems)
        code = c("code", _measure_code, required=True)
        values = {
            "name": c("name", required=True),
            "unit_of_measure": c("unit", required=True),
            "frequency": c("frequency", _choice(Frequency.values), default=Frequency.MONTH.value),
            "time_aggregation": c("time", _choice(Measure.TimeAggregation.values), default="flow"),
            "spatial_aggregation": c(
                "space", _choice(Measure.SpatialAggregation.values), default="sum"
            ),
            "reported_by": c("reported_by", _kinds, default=""),
            "description": c("description", default=""),
        }
        if code and unique(c, "measures", code, "code"):
            specs["measures"].append(_Spec("measures", code, row, values, broken=not c.ok))

    in_file = _keys_in_file(rows)
    known_pillars = in_file["pillars"] | set(Pillar.objects.values_list("code", flat=True))
    known_measures = in_file["measures"] | set(Measure.objects.values_list("code", flat=True))
    known_indicators = in_file["indicators"] | set(Indicator.objects.values_list("code", flat=True))
    known_plans = in_file["plans"] | set(Plan.objects.values_list("number", flat=True))
    unit_codes = {
        _text(r.get(name))
        for section, name in (("plans", "issuer"), ("targets", "unit_code"))
        for r in rows.by_section[section]
    } - {""}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=unit_codes)}

    def unit(check: _Checker, name: str) -> OrgUnit | None:
        code = check(name)
        if not code:
            return None
        if code not in units:
            check.add(name, _("There is no unit with code “%(code)s”.") % {"code": code})
        return units.get(code)

    for row in rows.by_section["indicators"]:
        c = _Checker(row, problems)
        code = c("code", _slug, required=True)
        pillar = c("pillar", _slug, required=True)
        if pillar and pillar not in known_pillars:
            c.add("pillar", _("Unknown pillar “%(code)s”.") % {"code": pillar})
        formula = _formula(c)
        values = {
            "name": c("name", required=True),
            "unit_of_measure": c("unit", required=True),
            "direction": c("direction", _choice(Indicator.Direction.values), default="higher"),
            "decimals": c("decimals", _integer, default=0),
            "limit": c("limit", _number),
            "is_key": c("key", _boolean, default=False),
            "order": c("order", _integer, default=0),
            "description": c("description", default=""),
        }
        if formula is not None:
            values["factor"] = formula.factor
            for measure in formula_codes(formula):
                if measure not in known_measures:
                    message = _("Unknown measure “%(code)s” in the formula.") % {"code": measure}
                    c.add("formula", message)
        if code and unique(c, "indicators", code, "code") and formula and pillar in known_pillars:
            refs = [("pillars", pillar)] + [("measures", m) for m in formula_codes(formula)]
            spec = _Spec("indicators", code, row, values, refs, formula, broken=not c.ok)
            specs["indicators"].append(spec)

    for row in rows.by_section["plans"]:
        c = _Checker(row, problems)
        number = c("number", required=True)
        year_from = c("year_from", _year, required=True)
        year_to = c("year_to", _year, default=year_from)
        if year_from and year_to and year_from > year_to:
            c.add("year_to", _("The plan ends before it starts."))
        values = {
            "title": c("title", required=True),
            "issuer": unit(c, "issuer"),
            "issuer_name": c("issuer_name", default=""),
            "issued_on": c("issued_on", _date),
            "year_from": year_from,
            "year_to": year_to,
            "source_text": c("source_text", default=""),
        }
        if number and unique(c, "plans", number, "number"):
            specs["plans"].append(_Spec("plans", number, row, values, broken=not c.ok))

    for row in rows.by_section["targets"]:
        c = _Checker(row, problems)
        plan = c("plan", required=True)
        if plan and plan not in known_plans:
            c.add("plan", _("Unknown plan “%(number)s”.") % {"number": plan})
        indicator = c("indicator", _slug, required=True)
        if indicator and indicator not in known_indicators:
            c.add("indicator", _("Unknown indicator “%(code)s”.") % {"code": indicator})
        year = c("year", _year, required=True)
        period = c("period", _period, default="")
        if period and year and Period.parse(period).year != year:
            c.add(
                "period",
                _("Period %(period)s is not in year %(year)s.") % {"period": period, "year": year},
            )
        target_unit = unit(c, "unit_code")
        unit_kind = c("unit_kind", _choice(_UNIT_KINDS), default="")
        if target_unit is not None and unit_kind:
            c.add(
                "unit_kind",
                _("Give either a unit code or a kind of unit, not both."),
            )
        values = {
            "comparator": c("comparator", _comparator, required=True),
            "value": c("value", _number, required=True),
            "unit_of_measure": c("unit", required=True),
            "year": year,
            "period": period,
            "unit": target_unit,
            "unit_kind": unit_kind,
            "baseline_year": c("baseline_year", _year),
            "baseline_value": c("baseline_value", _number),
            "evidence": c("evidence", default=""),
            "order": c("order", _integer, default=row.order),
        }
        key = (plan, indicator, target_unit.code if target_unit else "", unit_kind, year, period)
        if plan and indicator and year and c.ok and unique(c, "targets", key, None):
            label = " · ".join(str(k) for k in key if k)
            refs = [("plans", plan), ("indicators", indicator)]
            specs["targets"].append(_Spec("targets", label, row, values, refs))
    return specs


_MAX_COEFFICIENT = Decimal("1e8")


def _formula(c: _Checker) -> Formula | None:
    text = c("formula", required=True)
    if not text:
        return None
    try:
        formula = parse_formula(str(text))
    except FormulaError as exc:
        c.add("formula", str(exc))
        return None
    # IndicatorTerm stores 12 digits with 4 after the point.
    numbers = [formula.factor] + [k for _c, k in formula.numerator + formula.denominator]
    for number in numbers:
        if abs(number) >= _MAX_COEFFICIENT or number != number.quantize(Decimal("0.0001")):
            c.add(
                "formula",
                _(
                    "The number %(value)s in the formula has more than 4 decimal places or "
                    "is too large."
                )
                % {"value": number},
            )
            return None
    return formula


# --- writing -------------------------------------------------------------------------


def _same(obj: Any, values: Mapping[str, Any]) -> bool:
    return all(getattr(obj, k) == v for k, v in values.items())


def _terms_of(indicator: Indicator) -> dict[tuple[str, str], Decimal]:
    return {(t.measure.code, t.part): t.coefficient for t in indicator.terms.all()}


def _wanted_terms(formula: Formula) -> dict[tuple[str, str], Decimal]:
    terms = {(code, IndicatorTerm.Part.NUMERATOR.value): k for code, k in formula.numerator}
    terms |= {(code, IndicatorTerm.Part.DENOMINATOR.value): k for code, k in formula.denominator}
    return terms


class _Writer:
    """Saves the checked records through the services, in dependency order, counting what
    changed and placing what the services refuse."""

    def __init__(
        self,
        actor: User | None,
        report: ImportReport,
        problems: _Problems,
        in_file: dict[str, set[str]],
    ) -> None:
        self.actor = actor
        self.report = report
        self.problems = problems
        self.in_file = in_file  # keys the file defines, valid or not
        self.done: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}

    def record(self, spec: _Spec, action: str, obj: Any) -> None:
        counts = self.report.counts[spec.section]
        setattr(counts, action, getattr(counts, action) + 1)
        self.report.changes.append(Change(spec.section, spec.key, action, spec.row.where.at()))
        self.done[spec.section][spec.key] = obj

    def refused(self, spec: _Spec, exc: ValidationError) -> None:
        """Report a service's refusal at the field it names, else at the record."""
        columns = {c.name for c in _COLUMNS[spec.section]}
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        for name, messages in errors.items():
            place: str | None = _MODEL_FIELDS.get(spec.section, {}).get(name, name)
            if place not in columns:
                place = None
            for message in messages:
                self.problems.add(spec.row.where.at(place), message, spec.row.seq)

    def ready(self, spec: _Spec) -> bool:
        """Whether what the record refers to is there (defined in the file and written,
        or already stored)."""
        return all(self.lookup(section, key) is not None for section, key in spec.refs)

    def lookup(self, section: str, key: str) -> Any:
        """The saved or stored record ``key`` of ``section``; None when the file defines it
        but it was refused (that problem is already reported)."""
        if key in self.done[section]:
            return self.done[section][key]
        if key in self.in_file[section]:
            return None
        models: dict[str, Any] = {
            "pillars": Pillar,
            "measures": Measure,
            "indicators": Indicator,
            "plans": Plan,
        }
        lookup = {"number": key} if section == "plans" else {"code": key}
        return models[section].objects.filter(**lookup).first()

    def run(self, specs: dict[str, list[_Spec]]) -> None:
        for spec in specs["pillars"]:
            self.pillar(spec)
        for spec in specs["measures"]:
            self.measure(spec)
        for spec in specs["indicators"]:
            if self.ready(spec):
                self.indicator(spec)
        for spec in specs["plans"]:
            self.plan(spec)
        for spec in specs["targets"]:
            if self.ready(spec):
                self.target(spec)

    def _save(self, spec: _Spec, existing: Any, unchanged: bool, save: Callable[[], Any]) -> None:
        if spec.broken:
            # Whatever the service says about it follows from the problem already reported.
            with contextlib.suppress(ValidationError):
                self.done[spec.section][spec.key] = save()
            return
        if existing is not None and unchanged:
            self.record(spec, "unchanged", existing)
            return
        try:
            obj = save()
        except ValidationError as exc:
            self.refused(spec, exc)
            return
        self.record(spec, "updated" if existing is not None else "created", obj)

    def pillar(self, spec: _Spec) -> None:
        existing = Pillar.objects.filter(code=spec.key).first()
        self._save(
            spec,
            existing,
            existing is not None and _same(existing, spec.values),
            lambda: services.pillar_save(actor=self.actor, code=spec.key, **spec.values),
        )

    def measure(self, spec: _Spec) -> None:
        existing = Measure.objects.filter(code=spec.key).first()
        self._save(
            spec,
            existing,
            existing is not None and _same(existing, spec.values),
            lambda: services.measure_save(actor=self.actor, code=spec.key, **spec.values),
        )

    def indicator(self, spec: _Spec) -> None:
        assert spec.formula is not None
        pillar = self.lookup("pillars", dict(spec.refs)["pillars"])
        values = {**spec.values, "pillar": pillar}
        existing = (
            Indicator.objects.filter(code=spec.key).prefetch_related("terms__measure").first()
        )
        unchanged = (
            existing is not None
            and _same(existing, values)
            and _terms_of(existing) == _wanted_terms(spec.formula)
        )
        self._save(
            spec,
            existing,
            unchanged,
            lambda: services.indicator_save(
                actor=self.actor,
                code=spec.key,
                numerator=list(spec.formula.numerator),  # type: ignore[union-attr]
                denominator=list(spec.formula.denominator),  # type: ignore[union-attr]
                **values,
            ),
        )

    def plan(self, spec: _Spec) -> None:
        existing = Plan.objects.filter(number=spec.key).first()
        self._save(
            spec,
            existing,
            existing is not None and _same(existing, spec.values),
            lambda: services.plan_save(actor=self.actor, number=spec.key, **spec.values),
        )

    def target(self, spec: _Spec) -> None:
        refs = dict(spec.refs)
        plan, indicator = (
            self.lookup("plans", refs["plans"]),
            self.lookup("indicators", refs["indicators"]),
        )
        values = spec.values
        existing = Target.objects.filter(
            plan=plan,
            indicator=indicator,
            unit=values["unit"],
            unit_kind=values["unit_kind"],
            year=values["year"],
            period=values["period"],
        ).first()

        def save() -> Target:
            return services.target_save(actor=self.actor, plan=plan, indicator=indicator, **values)

        stored = {k: v for k, v in values.items() if k != "unit_of_measure"}
        if existing is not None and _same(existing, stored):
            # Nothing to write, but the target must still agree with its indicator and
            # plan as this file leaves them (a unit of measure or the plan's years may
            # have changed): let the service judge it, then undo the write.
            try:
                with transaction.atomic():
                    save()
                    transaction.set_rollback(True)
            except ValidationError as exc:
                self.refused(spec, exc)
                return
            self.record(spec, "unchanged", existing)
            return
        self._save(spec, existing, False, save)


def catalogue_import(
    *, actor: User | None, data_or_file: Any, dry_run: bool = False
) -> ImportReport:
    """Import a catalogue file (YAML or .xlsx): a path, bytes, an open binary file or
    already-parsed YAML data.

    Every record is checked and every problem reported with its place in the file; if
    there is any, nothing is written. ``dry_run`` checks and counts without keeping
    anything. Raises ``PermissionDenied`` unless ``actor`` may manage the configuration
    (``actor=None`` is the system).
    """
    if actor is not None:
        require(actor, Action.CONFIG_MANAGE)
    problems = _Problems()
    fmt, rows = _read(data_or_file, problems)
    report = ImportReport(dry_run=dry_run, fmt=fmt)
    specs = _check(rows, problems)
    with transaction.atomic():
        # Even with problems already found, the services still judge the valid records,
        # so the report lists every problem at once; the transaction is then undone.
        _Writer(actor, report, problems, _keys_in_file(rows)).run(specs)
        if problems.items or dry_run:
            transaction.set_rollback(True)
    report.errors = problems.items
    if report.errors:
        report.counts = {s: Counts() for s in SECTIONS}
        report.changes = []
    return report


# --- export --------------------------------------------------------------------------


def _plain(value: Decimal | None) -> Decimal | int | None:
    """A stored decimal as it would be written: ``85.0000`` → 85, ``97.9200`` → 97.92."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _catalogue() -> dict[str, list[dict[str, Any]]]:
    """The whole catalogue as YAML-shaped data (empty optional fields left out)."""
    pillars = [
        {"code": p.code, "name": p.name, "order": p.order}
        for p in Pillar.objects.order_by("order", "code")
    ]
    measures = [
        {
            "code": m.code,
            "name": m.name,
            "unit": m.unit_of_measure,
            "frequency": m.frequency,
            "time": m.time_aggregation,
            "space": m.spatial_aggregation,
            "reported_by": m.reporting_kinds,
            "description": m.description,
        }
        for m in Measure.objects.order_by("code")
    ]
    indicators = []
    for i in (
        Indicator.objects.select_related("pillar")
        .prefetch_related("terms__measure")
        .order_by("pillar__order", "pillar__code", "order", "code")
    ):
        terms = sorted(i.terms.all(), key=lambda t: t.pk)
        indicators.append(
            {
                "code": i.code,
                "name": i.name,
                "pillar": i.pillar.code,
                "formula": format_formula(
                    i.factor,
                    [(t.measure.code, t.coefficient) for t in terms if t.part == "num"],
                    [(t.measure.code, t.coefficient) for t in terms if t.part == "den"],
                ),
                "unit": i.unit_of_measure,
                "direction": i.direction,
                "decimals": i.decimals,
                "limit": _plain(i.limit),
                "key": i.is_key,
                "order": i.order,
                "description": i.description,
            }
        )
    plans: list[dict[str, Any]] = []
    targets_of: dict[int, list[Target]] = {}
    for t in Target.objects.select_related("indicator", "unit").order_by("plan", "order", "pk"):
        targets_of.setdefault(t.plan_id, []).append(t)
    for p in Plan.objects.select_related("issuer").order_by("year_from", "number"):
        plans.append(
            {
                "number": p.number,
                "title": p.title,
                "issuer": p.issuer.code if p.issuer else None,
                "issuer_name": p.issuer_name,
                "issued_on": p.issued_on,
                "years": [p.year_from, p.year_to],
                "source_text": p.source_text,
                "targets": [
                    {
                        "indicator": t.indicator.code,
                        "comparator": _COMPARATOR_SIGNS[Comparator(t.comparator)],
                        "value": _plain(t.value),
                        "unit": t.indicator.unit_of_measure,
                        "year": t.year,
                        "period": t.period,
                        "unit_code": t.unit.code if t.unit else None,
                        "unit_kind": t.unit_kind,
                        "baseline_year": t.baseline_year,
                        "baseline_value": _plain(t.baseline_value),
                        "evidence": t.evidence,
                        "order": t.order,
                    }
                    for t in targets_of.get(p.pk, [])
                ],
            }
        )

    def compact(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if v not in (None, "", [])}

    return {
        "pillars": [compact(p) for p in pillars],
        "measures": [compact(m) for m in measures],
        "indicators": [compact(i) for i in indicators],
        "plans": [compact({**p, "targets": [compact(t) for t in p["targets"]]}) for p in plans],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _represent_decimal)


def _export_yaml() -> bytes:
    header = (
        "# dieuhanh catalogue: pillars, measures, indicators, plans and their targets.\n"
        "# Format: docs/catalogue.md. Import with `dieuhanh catalogue import FILE`.\n"
    )
    body = yaml.dump(_catalogue(), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return (header + body).encode("utf-8")


_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("measures", "frequency"): tuple(Frequency.values),
    ("measures", "time"): tuple(Measure.TimeAggregation.values),
    ("measures", "space"): tuple(Measure.SpatialAggregation.values),
    ("indicators", "direction"): tuple(Indicator.Direction.values),
    ("indicators", "key"): ("có", "không"),
    ("targets", "comparator"): ("≥", "≤", "="),
    ("targets", "unit_kind"): _UNIT_KINDS,
}


def _sheet_rows(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
    rows["pillars"] = data["pillars"]
    rows["measures"] = [
        {**m, "reported_by": ", ".join(m.get("reported_by", []))} for m in data["measures"]
    ]
    rows["indicators"] = [{**i, "key": "có" if i["key"] else "không"} for i in data["indicators"]]
    for plan in data["plans"]:
        year_from, year_to = plan["years"]
        rows["plans"].append({**plan, "year_from": year_from, "year_to": year_to})
        rows["targets"] += [{**t, "plan": plan["number"]} for t in plan.get("targets", [])]
    return rows


def _export_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    rows = _sheet_rows(_catalogue())
    for section in SECTIONS:
        sheet = book.create_sheet(SHEETS[section])
        columns = _COLUMNS[section]
        sheet.append([c.header for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for item in rows[section]:
            sheet.append([item.get(c.name) for c in columns])
        for number, column in enumerate(columns, start=1):
            letter = get_column_letter(number)
            widest = max(
                [len(column.header)] + [len(_text(item.get(column.name))) for item in rows[section]]
            )
            sheet.column_dimensions[letter].width = min(60, max(8, widest + 2))
            if column.name == "issued_on":
                for cell in sheet[letter][1:]:
                    cell.number_format = "DD/MM/YYYY"
            choices = _CHOICES.get((section, column.name))
            if choices:
                check = DataValidation(
                    type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
                )
                check.add(f"{letter}2:{letter}1000")
                sheet.add_data_validation(check)
        # Text that starts with "=" is text here, not an Excel formula.
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def catalogue_export(*, fmt: str) -> bytes:
    """The whole catalogue as a YAML document or an Excel workbook (``fmt`` "yaml" or
    "xlsx"), in the form ``catalogue_import`` reads."""
    if fmt == "yaml":
        return _export_yaml()
    if fmt == "xlsx":
        return _export_xlsx()
    raise ValueError(f"Unknown catalogue format {fmt!r}: use one of {', '.join(FORMATS)}.")


def catalogue_counts() -> list[tuple[str, int]]:
    """How many records of each section the catalogue holds: (label, count)."""
    models: dict[str, Any] = {
        "pillars": Pillar,
        "measures": Measure,
        "indicators": Indicator,
        "plans": Plan,
        "targets": Target,
    }
    return [(section_label(s), models[s].objects.count()) for s in SECTIONS]
