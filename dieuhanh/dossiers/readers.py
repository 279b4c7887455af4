"""Streaming readers for CSV, XLSX and JSON files: each yields ``(line, values)`` with the
values as text in the order of a column spec, never holding the whole file in memory.

- CSV: UTF-8 (with or without BOM) or Windows-1258; ``,``, ``;`` or tab between values
  (guessed from the header line); the first line names the columns. ``line`` is the
  physical line number.
- XLSX: the first sheet; row 1 names the columns. ``line`` is the sheet row number.
- JSON: an array of objects (read object by object), an object holding such an array
  under one key (read at once), or JSON Lines (one object per line). ``line`` is the
  object's position (1-based) in an array, the line number in JSON Lines.

Column names are matched ignoring case and surrounding spaces; unknown columns are
reported and ignored. No Django import.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

__all__ = ["FileFormatError", "Spec", "TableReader", "open_table"]

_SNIFF_BYTES = 1 << 20


class FileFormatError(ValueError):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass(frozen=True)
class Spec:
    """The columns of one kind of record, in the order the readers return them.

    ``lists`` names JSON keys holding a list of objects that are spread into several
    columns joined by ``;`` (``DanhSachHoSoBoSung`` → ``NgayBoSung``, ``NgayTiepNhanBoSung``).
    """

    columns: tuple[str, ...]
    required: tuple[str, ...]
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    record_noun: str = "record"

    def index(self) -> dict[str, int]:
        return {name.lower(): i for i, name in enumerate(self.columns)}


def _text(value: Any) -> str:
    """A cell or JSON value as text, the way a person would have typed it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_TIME_CODES = re.compile(r"h|s|am/pm|a/p", re.IGNORECASE)


def _cell_text(cell: Any) -> str:
    """An Excel cell as text. A date cell whose format shows no time (``dd/mm/yyyy``) is
    a day, written as ``2026-10-06``, so a due date means the end of that day as it does
    when typed as text — not midnight, which judged a dossier resolved that day late."""
    value = cell.value
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        shown = re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", str(cell.number_format or ""))
        if not _TIME_CODES.search(shown):
            return value.date().isoformat()
    return _text(value)


class TableReader:
    """Iterate ``(line, values)``; ``fraction()`` says how far through the file it is."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.ignored_columns: list[str] = []
        self.total_estimate: int | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        raise NotImplementedError

    def fraction(self) -> float:
        return 0.0

    def close(self) -> None:
        """Release the file."""

    def _mapping(self, header: Sequence[Any]) -> list[int | None]:
        """For each header position, the spec column it fills (``None``: ignored)."""
        index = self.spec.index()
        positions: list[int | None] = []
        seen: set[int] = set()
        for raw in header:
            name = unicodedata.normalize("NFC", _text(raw)).lstrip("\ufeff").strip()
            target = index.get(name.lower())
            if target is None or target in seen:
                if name:
                    self.ignored_columns.append(name)
                positions.append(None)
            else:
                seen.add(target)
                positions.append(target)
        missing = [c for c in self.spec.required if index[c.lower()] not in seen]
        if missing:
            raise FileFormatError(
                "Thiếu cột bắt buộc: "
                + ", ".join(missing)
                + ". Dòng đầu tiên phải là tên các cột, ví dụ: "
                + ", ".join(self.spec.columns[:6])
                + "…"
            )
        return positions


class _StreamReader(TableReader):
    """A reader of a byte stream through a text wrapper: progress by bytes consumed."""

    raw: IO[bytes]
    text: io.TextIOWrapper
    size: int

    def fraction(self) -> float:
        if not self.size:
            return 0.0
        try:
            return min(1.0, self.raw.tell() / self.size)
        except (OSError, ValueError):
            return 0.0

    def close(self) -> None:
        self.text.detach()
        self.raw.close()


class _CsvReader(_StreamReader):
    def __init__(self, raw: IO[bytes], spec: Spec, size: int) -> None:
        super().__init__(spec)
        self.raw = raw
        self.size = size
        head = raw.read(_SNIFF_BYTES)
        raw.seek(0)
        try:
            head.decode("utf-8-sig") if len(head) < _SNIFF_BYTES else _decode_prefix(head)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = "cp1258"
        self.normalise = encoding == "cp1258"  # cp1258 writes tones as combining marks
        self.text = io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict")
        first = head.split(b"\n", 1)[0].decode(encoding, errors="replace")
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        self.reader = csv.reader(self.text, delimiter=delimiter)
        try:
            header = next(self.reader)
        except StopIteration:
            raise FileFormatError("Tệp trống: không có dòng tên cột.") from None
        except UnicodeDecodeError:
            # Neither UTF-8 nor Windows-1258 text: most often a binary file (an Excel
            # workbook, a PDF) given a .csv name.
            raise FileFormatError(
                "Không đọc được tệp: đây không phải tệp CSV dạng văn bản (bảng mã UTF-8 hoặc "
                "Windows-1258). Nếu là tệp Excel, hãy tải lên với đuôi .xlsx, hoặc lưu lại "
                "dưới dạng “CSV UTF-8”."
            ) from None
        except csv.Error as exc:
            raise FileFormatError(
                f"Không đọc được dòng tên cột: lỗi định dạng CSV ({exc})."
            ) from None
        self.positions = self._mapping(header)
        self.width = len(spec.columns)
        if size:
            # Rows from the bytes per line of the first block read (the header line alone
            # said ~32.600 for a file of 50.000 rows); exact for a file that fits in it.
            lines = head.count(b"\n") + (0 if head.endswith(b"\n") else 1)
            if len(head) < _SNIFF_BYTES:
                self.total_estimate = max(lines - 1, 0)
            elif lines > 1:
                self.total_estimate = max(int(size * lines / len(head)) - 1, 0)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        positions = self.positions
        width = self.width
        pairs = [(i, p) for i, p in enumerate(positions) if p is not None]
        reader = self.reader
        normalise = self.normalise
        nfc = unicodedata.normalize
        # The usual file has exactly the documented columns in order: take its rows as
        # they are (the checkers strip what they compare).
        identity = not normalise and positions == list(range(width))
        try:
            for row in reader:
                if identity and len(row) == width:
                    yield reader.line_num, row
                    continue
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                values = [""] * width
                n = len(row)
                for i, p in pairs:
                    if i < n:
                        v = row[i].strip()
                        values[p] = nfc("NFC", v) if normalise else v
                yield reader.line_num, values
        except UnicodeDecodeError:
            raise FileFormatError(
                f"Dòng {reader.line_num + 1}: tệp không đúng bảng mã UTF-8. Hãy lưu tệp dưới "
                "dạng “CSV UTF-8”."
            ) from None
        except csv.Error as exc:
            raise FileFormatError(f"Dòng {reader.line_num}: lỗi định dạng CSV ({exc}).") from None


# What Python's JSON decoder says, in the words of the file's author.
_JSON_REASONS = {
    "Expecting value": "thiếu một giá trị (hoặc có ký tự lạ)",
    "Expecting ',' delimiter": "thiếu dấu phẩy giữa hai phần tử",
    "Expecting ':' delimiter": "thiếu dấu hai chấm sau tên trường",
    "Expecting property name enclosed in double quotes": "tên trường phải đặt trong dấu nháy kép",
    "Unterminated string starting at": "một chuỗi chưa đóng dấu nháy kép",
    "Invalid control character at": "có ký tự điều khiển trong một chuỗi",
    "Invalid \\escape": "có ký tự thoát (\\) không hợp lệ",
    "Extra data": "thừa dữ liệu sau mảng",
}


def _json_reason(message: str) -> str:
    return _JSON_REASONS.get(message, "không đọc được nội dung")


def _decode_prefix(head: bytes) -> str:
    """Decode a prefix that may end in the middle of a UTF-8 character."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    return decoder.decode(head, final=False)


class _XlsxReader(TableReader):
    def __init__(self, raw: IO[bytes], spec: Spec) -> None:
        super().__init__(spec)
        from openpyxl import load_workbook

        self.raw = raw
        try:
            self.book = load_workbook(raw, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise FileFormatError(f"Không mở được tệp Excel: {exc}") from None
        sheet = self.book.worksheets[0]
        # Cells, not values: a date cell's number format says whether it holds a day only.
        self.rows = sheet.iter_rows()
        try:
            header = [cell.value for cell in next(self.rows)]
        except StopIteration:
            raise FileFormatError("Trang tính đầu tiên trống: không có dòng tên cột.") from None
        self.positions = self._mapping(header)
        self.total_estimate = (sheet.max_row - 1) if sheet.max_row else None
        self.done = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        pairs = [(i, p) for i, p in enumerate(self.positions) if p is not None]
        width = len(self.spec.columns)
        for number, row in enumerate(self.rows, start=2):
            self.done = number
            if not row or all(c.value is None or c.value == "" for c in row):
                continue
            values = [""] * width
            n = len(row)
            for i, p in pairs:
                if i < n:
                    values[p] = unicodedata.normalize("NFC", _cell_text(row[i]))
            yield number, values

    def fraction(self) -> float:
        if not self.total_estimate:
            return 0.0
        return min(1.0, self.done / (self.total_estimate + 1))

    def close(self) -> None:
        self.book.close()
        self.raw.close()


class _JsonReader(_StreamReader):
    """A top-level array read object by object (``raw_decode`` on a sliding buffer)."""

    CHUNK = 1 << 16

    def __init__(self, raw: IO[bytes], spec: Spec, size: int) -> None:
        super().__init__(spec)
        self.raw = raw
        self.size = size
        self.text = io.TextIOWrapper(raw, encoding="utf-8-sig")
        self.decoder = json.JSONDecoder()
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.index = spec.index()
        self.lists = {k.lower(): v for k, v in spec.lists.items()}
        self.seen_keys: set[str] = set()
        self.prefetched: list[Any] | None = None
        self.lines_mode = False
        first = self._peek()
        if first == "[":
            self.pos += 1
        elif first == "{":
            value = self._decode_one(limit=None)
            rest = self._peek()
            if isinstance(value, dict) and rest == "":
                arrays = [v for v in value.values() if isinstance(v, list)]
                if len(arrays) != 1:
                    raise FileFormatError(
                        "Tệp JSON phải là một mảng các đối tượng, hoặc một đối tượng chứa đúng "
                        "một mảng như vậy."
                    )
                self.prefetched = arrays[0]
            else:
                self.lines_mode = True
                self.prefetched = [value]
        elif first == "":
            raise FileFormatError("Tệp JSON trống.")
        else:
            raise FileFormatError("Tệp JSON phải bắt đầu bằng “[” (một mảng các đối tượng).")

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.text.read(self.CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _peek(self) -> str:
        while True:
            buf = self.buffer
            n = len(buf)
            pos = self.pos
            while pos < n and buf[pos] in " \t\r\n":
                pos += 1
            self.pos = pos
            if pos < n:
                return buf[pos]
            if not self._fill():
                return ""

    def _decode_one(self, limit: int | None = 1 << 24) -> Any:
        """The next JSON value; more of the file is read while the value is incomplete
        (up to ``limit`` characters, so a syntax error cannot pull a whole file in)."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                small = limit is None or len(self.buffer) - self.pos < limit
                if not self.eof and small and self._fill():
                    continue
                raise FileFormatError(f"Tệp JSON sai cú pháp: {_json_reason(exc.msg)}.") from None
            if end >= len(self.buffer) and not self.eof and self._fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value

    def _objects(self) -> Iterator[tuple[int, Any]]:
        if self.prefetched is not None and not self.lines_mode:
            yield from enumerate(self.prefetched, start=1)
            return
        if self.lines_mode:
            line = 1
            assert self.prefetched is not None
            yield line, self.prefetched[0]
            while True:
                ch = self._peek()
                if ch == "":
                    return
                line += 1
                yield line, self._decode_one()
        number = 0
        while True:
            ch = self._peek()
            if ch == "]":
                self.pos += 1
                return
            if ch == "":
                raise FileFormatError("Tệp JSON bị cắt cụt: thiếu dấu “]” ở cuối mảng.")
            if number:
                if ch != ",":
                    raise FileFormatError(f"Tệp JSON sai cú pháp sau đối tượng thứ {number}.")
                self.pos += 1
                self._peek()
            number += 1
            yield number, self._decode_one()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for number, obj in self._objects():
            values, unknown = record_values(obj, self.spec, self.index, self.lists)
            for key in unknown:
                if key not in self.seen_keys:
                    self.seen_keys.add(key)
                    self.ignored_columns.append(key)
            yield number, values


NESTED = "\x00nested"


def record_values(
    obj: Any, spec: Spec, index: dict[str, int], lists: dict[str, tuple[str, ...]]
) -> tuple[list[str], list[str]]:
    """A JSON object (a file's or a pushed record) as the spec's row of texts, and the
    keys it had that the spec does not know. Not an object: a row the checker refuses."""
    values = [""] * len(spec.columns)
    unknown: list[str] = []
    if not isinstance(obj, dict):
        values[0] = "\x00not-an-object"
        return values, unknown
    for key, value in obj.items():
        lower = str(key).lower().strip()
        i = index.get(lower)
        if i is not None:
            if isinstance(value, dict | list):
                # A value must be text or a number: an object or list is refused (as
                # its own row error), not stored as its Python text.
                values[i] = NESTED
            else:
                values[i] = unicodedata.normalize("NFC", _text(value))
        elif lower in lists:
            _spread(value, lists[lower], index, values)
        else:
            unknown.append(str(key))
    return values, unknown


def _spread(value: Any, keys: tuple[str, ...], index: dict[str, int], values: list[str]) -> None:
    """``[{NgayBoSung: a, NgayTiepNhanBoSung: b}, …]`` → ``"a;…"``, ``"b;…"``."""
    targets = [index[k.lower()] for k in keys]
    if value is None or value == "":
        return
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            values[targets[0]] = "\x00bad-list"
            return
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        values[targets[0]] = "\x00bad-list"
        return
    columns: list[list[str]] = [[] for _ in keys]
    for item in value:
        lowered = {str(k).lower(): v for k, v in item.items()}
        for j, k in enumerate(keys):
            columns[j].append(_text(lowered.get(k.lower())))
    for j, target in enumerate(targets):
        values[target] = ";".join(columns[j])


def open_table(path: str | Path, spec: Spec, name: str | None = None) -> TableReader:
    """A reader for ``path``, chosen by the file's extension (``name`` if given)."""
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    size = path.stat().st_size
    raw = path.open("rb")
    try:
        if suffix == ".csv" or suffix == ".txt":
            return _CsvReader(raw, spec, size)
        if suffix in (".xlsx", ".xlsm"):
            return _XlsxReader(raw, spec)
        if suffix in (".json", ".jsonl", ".ndjson"):
            return _JsonReader(raw, spec, size)
    except BaseException:
        raw.close()
        raise
    raw.close()
    raise FileFormatError(
        f"Không nhận dạng được loại tệp “{suffix or path.name}”: dùng .csv, .xlsx hoặc .json."
    )
