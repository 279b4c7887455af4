"""Turn an uploaded file into text: .txt, .docx and text-based .pdf.

The output is the text every span refers to, so it is built to keep the document's
structure readable by :mod:`layout`: one paragraph per line with a blank line between
paragraphs, list numbering that Word generates (and that is not in the paragraph's text)
written out in front of the paragraph, task tables as "cell | cell | cell" rows, layout
tables (the header block, the signature block) cell by cell, Word footnotes as "¹ …"
lines at the end, and PDF lines joined back into paragraphs.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import statistics
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from dieuhanh.core.extraction.model import ExtractionError
from dieuhanh.core.extraction.textutil import SUPERSCRIPT_DIGITS, is_caps_line

__all__ = ["read_text"]


def read_text(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> str:
    """The text of a document given as a path or as bytes (then ``filename`` names its
    type). Raises :class:`ExtractionError` with a message for the uploader."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename or ""
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExtractionError(f"Không mở được tệp {path.name}: {exc.strerror}.") from exc
    ext = Path(name).suffix.lower()
    if data.startswith(b"%PDF") or ext == ".pdf":
        if not data.startswith(b"%PDF"):
            raise ExtractionError("Tệp không phải là PDF hợp lệ (thiếu phần đầu %PDF).")
        return _read_pdf(data)
    if data.startswith(b"PK\x03\x04") or ext == ".docx":
        return _read_docx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0") or ext == ".doc":
        raise ExtractionError(
            "Định dạng Word cũ (.doc) chưa được hỗ trợ: hãy mở bằng Word và lưu lại thành .docx."
        )
    if ext in {"", ".txt", ".text", ".md", ".csv"}:
        return _read_txt(data)
    raise ExtractionError(
        f"Định dạng {ext} chưa được hỗ trợ: chỉ đọc được tệp .txt, .docx và .pdf."
    )


# -- plain text ----------------------------------------------------------------------


def _read_txt(data: bytes) -> str:
    text = _decode(data)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if text and controls > 0.05 * len(text):
        raise ExtractionError("Tệp không phải là văn bản thuần (có dữ liệu nhị phân).")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or the zero bytes that betray it), and
    cp1258 — what Vietnamese Windows wrote before Unicode — as the last resort."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4:
        even_zero = data[0::2].count(0)
        odd_zero = data[1::2].count(0)
        half = len(data) // 2
        if odd_zero > 0.3 * half and even_zero < 0.05 * half:
            return data.decode("utf-16-le", errors="replace")
        if even_zero > 0.3 * half and odd_zero < 0.05 * half:
            return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


# -- docx ----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _read_docx(data: bytes) -> str:
    try:
        import docx  # local import: only this path needs python-docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise ExtractionError("Thiếu thư viện python-docx để đọc tệp .docx.") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:
        raise ExtractionError("Tệp .docx bị hỏng hoặc không phải tệp Word.") from exc
    reader = _DocxReader(document)
    text = reader.read()
    if not text.strip():
        raise ExtractionError("Tệp .docx không có nội dung văn bản.")
    return unicodedata.normalize("NFC", text)


class _DocxReader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = _Numbering(document)
        self.footnote_text = self._footnotes()
        self.footnote_order: list[str] = []

    def _footnotes(self) -> dict[str, str]:
        out: dict[str, str] = {}
        try:
            part = self.document.part
            rel = next((r for r in part.rels.values() if r.reltype == _FOOTNOTES_RT), None)
            if rel is None:
                return out
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
        except Exception:
            return out
        for fn in root.iter(f"{_W}footnote"):
            if fn.get(f"{_W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            fid = fn.get(f"{_W}id")
            text = " ".join(
                "".join(t.text or "" for t in p.iter(f"{_W}t")) for p in fn.iter(f"{_W}p")
            )
            if fid is not None and text.strip():
                out[fid] = " ".join(text.split())
        return out

    def read(self) -> str:
        paragraphs: list[str] = []
        self._block(self.document.element.body, paragraphs)
        for k, fid in enumerate(self.footnote_order, start=1):
            paragraphs.append(f"{_superscript(k)} {self.footnote_text.get(fid, '')}")
        return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"

    def _block(self, element: Any, out: list[str]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                out.extend(self._paragraph(child))
            elif tag == f"{_W}tbl":
                out.extend(self._table(child))
            elif tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self._block(content, out)

    def _run_text(self, p: Any) -> tuple[str, list[Any]]:
        parts: list[str] = []
        boxes: list[Any] = []

        def walk(el: Any) -> None:
            for node in el.iterchildren():
                tag = node.tag
                if not isinstance(tag, str):
                    continue
                if tag == _MC_FALLBACK or tag in {f"{_W}del", f"{_W}rPr", f"{_W}pPr"}:
                    continue
                if tag == f"{_W}txbxContent":
                    boxes.append(node)
                    continue
                if tag == f"{_W}t":
                    parts.append(node.text or "")
                elif tag == f"{_W}tab":
                    parts.append("\t")
                elif tag in {f"{_W}br", f"{_W}cr"}:
                    parts.append("\n")
                elif tag == f"{_W}noBreakHyphen":
                    parts.append("-")
                elif tag == f"{_W}footnoteReference":
                    fid = node.get(f"{_W}id")
                    if fid in self.footnote_text:
                        self.footnote_order.append(fid)
                        parts.append(_superscript(len(self.footnote_order)))
                else:
                    walk(node)

        walk(p)
        return "".join(parts), boxes

    def _paragraph(self, p: Any) -> list[str]:
        text, boxes = self._run_text(p)
        out: list[str] = []
        for box in boxes:
            self._block(box, out)
        marker = self.numbering.marker(p)
        text = text.replace("\t", " ").strip()
        if text:
            out.append(f"{marker} {text}" if marker else text)
        return out

    def _cell_paragraphs(self, tc: Any) -> list[str]:
        out: list[str] = []
        self._block(tc, out)
        return out

    def _table(self, tbl: Any) -> list[str]:
        rows: list[list[list[str]]] = []
        above: dict[int, list[str]] = {}  # grid column → content of the cell last seen there
        for tr in tbl.iterchildren(f"{_W}tr"):
            row: list[list[str]] = []
            column = 0
            for tc in tr.iterchildren(f"{_W}tc"):
                span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
                span = int(span_el.get(f"{_W}val", "1")) if span_el is not None else 1
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
                    # A cell merged down over this row: it says the same here ("Sở A" as
                    # the lead of both rows), so the row repeats it.
                    row.append(list(above.get(column, [])))
                else:
                    content = self._cell_paragraphs(tc)
                    above[column] = content
                    row.append(content)
                column += max(span, 1)
            rows.append(row)
        flat = " ".join(" ".join(" ".join(c) for c in r) for r in rows)
        width = max((len(r) for r in rows), default=0)
        layout_table = (
            width < 2
            or re.search(r"CỘNG HÒA|CỘNG HOÀ|Độc lập|Nơi nhận|\bSố\s*:|ngày\s+\S*\s*tháng", flat)
            is not None
            or len(rows) < 2
        )
        if layout_table:
            lines: list[str] = []
            for r in rows:
                for c in r:
                    lines.extend(c)
            return lines
        out = []
        for r in rows:
            cells = [" ".join(" ".join(c).split()).replace("|", "/") for c in r]
            if any(cells):
                out.append("| " + " | ".join(cells) + " |")
        return ["\n".join(out)] if out else []


class _Numbering:
    """Word's automatic list numbering, written out: "1.", "a)", "-", "+"."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numbering: dict[str, Any] = {}
        try:
            styles = document.styles.element
            by_id = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
            for sid, style in by_id.items():
                current, hops = style, 0
                while current is not None and hops < 6:
                    num_pr = current.find(f"{_W}pPr/{_W}numPr")
                    if num_pr is not None:
                        self.style_numbering[sid] = num_pr
                        break
                    based = current.find(f"{_W}basedOn")
                    current = by_id.get(based.get(f"{_W}val")) if based is not None else None
                    hops += 1
        except Exception:
            pass
        try:
            numbering = document.part.numbering_part.element
        except Exception:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                txt = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    txt.get(f"{_W}val") if txt is not None else "%1.",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[an.get(f"{_W}abstractNumId")] = levels
        for num in numbering.iter(f"{_W}num"):
            aid = num.find(f"{_W}abstractNumId")
            if aid is None:
                continue
            for ilvl, spec in abstract.get(aid.get(f"{_W}val"), {}).items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def marker(self, p: Any) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            if style is not None:
                num_pr = self.style_numbering.get(style.get(f"{_W}val"))
        if num_pr is None:
            return ""
        num_id_el = num_pr.find(f"{_W}numId")
        ilvl_el = num_pr.find(f"{_W}ilvl")
        if num_id_el is None:
            return ""
        num_id = num_id_el.get(f"{_W}val")
        ilvl = int(ilvl_el.get(f"{_W}val", "0")) if ilvl_el is not None else 0
        spec = self.formats.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        fmt, lvl_text, start = spec
        counters = self.counters.setdefault(num_id, [0] * 9)
        if ilvl < 9:
            counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
            for deeper in range(ilvl + 1, 9):
                counters[deeper] = 0
        if fmt == "bullet":
            return {"-": "-", "–": "-", "+": "+"}.get(lvl_text.strip(), "-+•"[min(ilvl, 2)])
        if fmt == "none":
            return ""

        def render(k: int) -> str:
            level_fmt = self.formats.get((num_id, k), ("decimal", "", 1))[0]
            return _format_number(max(counters[k], 1), level_fmt)

        return re.sub(r"%([1-9])", lambda m: render(int(m.group(1)) - 1), lvl_text).strip()


def _format_number(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in {"lowerRoman", "upperRoman"}:
        vals = [
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ]
        s = ""
        for v, sym in vals:
            while n >= v:
                s += sym
                n -= v
        return s if fmt == "upperRoman" else s.lower()
    return str(n)


def _superscript(n: int) -> str:
    return "".join(SUPERSCRIPT_DIGITS[int(d)] for d in str(n))


# -- pdf -----------------------------------------------------------------------------

_MARKER_START_RE = re.compile(
    r"^\s*(?:[-–—+•●▪*]\s|\d{1,2}(?:\.\d{1,2})*[.)/]\s|[a-zđ]\)\s|[IVX]{1,5}[.)]\s|"
    r"\(\d{1,2}\)\s|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,3}\]|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là|"
    r"Điều \d|Nơi nhận|Số\s*:|Kính gửi)"
)
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$")


def _read_pdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise ExtractionError("Thiếu thư viện pypdf để đọc tệp .pdf.") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, Exception) as exc:
        raise ExtractionError("Tệp PDF bị hỏng, không đọc được.") from exc
    raw = "\n".join(pages)
    letters = sum(1 for c in raw if c.isalpha())
    if letters < max(40, 20 * len(pages)):
        raise ExtractionError(
            "Tệp PDF không có lớp chữ (có thể là bản scan): hãy gửi tệp .docx hoặc PDF xuất "
            "trực tiếp từ Word; bản scan cần nhận dạng ký tự (OCR) trước."
        )
    odd = sum(1 for c in raw if unicodedata.category(c) in {"Co", "Cn"} or c == "\ufffd")
    if odd > 0.2 * letters:
        raise ExtractionError(
            "Tệp PDF dùng phông chữ không giải mã được thành văn bản: hãy gửi tệp .docx."
        )
    return unicodedata.normalize("NFC", _join_pdf_lines(raw))


def _join_pdf_lines(raw: str) -> str:
    """Join the visual lines of a PDF back into paragraphs.

    A line starts a new paragraph when it opens with a list marker, a footnote mark or
    "Nơi nhận"; when the line before ended a sentence and this one opens in capitals; when
    the line before was clearly shorter than a full line (the end of a paragraph); or when
    either is a heading in capitals. Vietnamese is not hyphenated at line ends, so joined
    lines take one space.
    """
    lines = [ln.rstrip() for ln in raw.splitlines()]
    lines = [ln for ln in lines if ln.strip() and not _PAGE_NUMBER_RE.match(ln)]
    if not lines:
        return ""
    long_lines = [len(ln) for ln in lines if len(ln) >= 30]
    full = statistics.median(long_lines) if long_lines else 80
    paragraphs: list[str] = []
    current = ""
    prev = ""
    for ln in lines:
        s = ln.strip()
        new = (
            not current
            or _MARKER_START_RE.match(s) is not None
            or (prev.endswith((".", ":", ";", "!", "?")) and s[:1].isupper())
            or len(prev) < 0.7 * full
            or is_caps_line(s) != is_caps_line(prev)
            or (is_caps_line(s) and is_caps_line(prev))
        )
        if new:
            if current:
                paragraphs.append(current)
            current = s
        else:
            current = f"{current} {s}"
        prev = s
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"
