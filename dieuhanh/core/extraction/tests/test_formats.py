"""Reading files: .docx and .pdf versions of a test document extract like the .txt, and
unreadable files fail with a message an official can act on."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from dieuhanh.core.extraction import ExtractionError, extract, extract_file, read_text
from dieuhanh.core.extraction.tests.pdfbuild import build_pdf
from dieuhanh.core.extraction.tests.test_documents import check, load

_BULLET_RE = re.compile(r"^- (.*)$")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def build_docx(stem: str) -> bytes:
    """The test document as Word writes it: the header in a two-column table, "-" bullets
    as automatic list numbering (no "-" in the text), "a)" items typed, pipe tables as
    real tables."""
    text, _ = load(stem)
    paragraphs = _paragraphs(text)
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(13)
    header_end = next(i for i, p in enumerate(paragraphs) if p.startswith(("THÔNG BÁO", "KẾ")))
    header = paragraphs[:header_end]
    table = document.add_table(rows=1, cols=2)
    left = [p for p in header if not p.startswith(("CỘNG", "Khánh An,", "Đông Thạnh,"))]
    right = [p for p in header if p not in left]
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = ""
        for k, line in enumerate("\n".join(lines).split("\n")):
            if k == 0:
                cell.paragraphs[0].text = line
            else:
                cell.add_paragraph(line)
    for p in paragraphs[header_end:]:
        if p.startswith("|"):
            rows = [r for r in p.split("\n") if not re.fullmatch(r"[|\-\s]+", r)]
            cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
            t = document.add_table(rows=len(cells), cols=len(cells[0]))
            for r, row in enumerate(cells):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
            continue
        for line in p.split("\n"):
            m = _BULLET_RE.match(line)
            if m:
                document.add_paragraph(m.group(1), style="List Bullet")
            else:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("stem", ["notice_khanh_an", "notice_table_dong_thanh"])
def test_docx_reads_like_the_text(stem: str, tmp_path: Path) -> None:
    data = build_docx(stem)
    path = tmp_path / f"{stem}.docx"
    path.write_bytes(data)
    text = read_text(path)
    assert "Sở Khoa học và Công nghệ" in text
    _, expected = load(stem)
    check(extract_file(path, strict=True).to_dict(), expected)
    # Bytes with a file name work the same.
    assert read_text(data, "upload.docx") == text


def test_docx_writes_out_automatic_numbering() -> None:
    document = docx.Document()
    document.add_paragraph("Sở Tài chính:")
    document.add_paragraph("Bố trí kinh phí thực hiện.", style="List Bullet")
    document.add_paragraph("Một", style="List Number")
    document.add_paragraph("Hai", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_text(buffer.getvalue(), "a.docx")
    assert "- Bố trí kinh phí thực hiện." in text
    assert "1. Một" in text and "2. Hai" in text


def test_pdf_reads_like_the_text() -> None:
    """A PDF written by hand (no PDF library is installed): a Type0 font with a ToUnicode
    map, lines wrapped at 70 characters, so the reader must join them into paragraphs."""
    text, expected = load("notice_khanh_an")
    lines: list[str] = []
    for p in _paragraphs(text):
        # Header blocks keep their lines; body paragraphs are one paragraph each.
        if all(len(line) < 60 for line in p.split("\n")):
            lines.extend(p.split("\n"))
        else:
            lines.append(" ".join(p.split()))
    data = build_pdf(lines)
    got = read_text(data, "tb.pdf")
    assert "hoàn thành chậm nhất là ngày 30/9/2025" in got  # a wrapped line joined again
    check(extract(got, strict=True).to_dict(), expected)


def test_scanned_pdf_is_refused_with_a_reason() -> None:
    data = build_pdf(["", ""])  # pages without a text layer, as a scan has
    with pytest.raises(ExtractionError, match="bản scan"):
        read_text(data, "scan.pdf")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "cu.doc", r"\.doc"),
        (b"PK\x03\x04 not really a zip", "hong.docx", "bị hỏng"),
        (b"%PDF-1.4 garbage", "hong.pdf", "PDF"),
        (b"hello", "bang.xlsx", "chưa được hỗ trợ"),
        (bytes(range(0, 32)) * 20, "rac.txt", "nhị phân"),
    ],
)
def test_unreadable_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        read_text(data, name)


def test_missing_file() -> None:
    with pytest.raises(ExtractionError, match="Không mở được"):
        read_text(Path("/nonexistent/khong-co.txt"))


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: it has "ơ", "â", "đ" but writes the tone as a
    combining mark after them."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        for k in range(len(decomposed), 0, -1):
            candidate = unicodedata.normalize("NFC", decomposed[:k]) + decomposed[k:]
            try:
                candidate.encode("cp1258")
            except UnicodeEncodeError:
                continue
            out.append(candidate)
            break
    return "".join(out).encode("cp1258")


SAMPLE = "Giao Sở Tài chính chủ trì, hoàn thành trước ngày 30/6/2025.\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # without BOM
        _cp1258(SAMPLE),  # Vietnamese Windows: base letters precomposed, tones combining
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
    ],
)
def test_text_encodings(data: bytes) -> None:
    assert read_text(data, "tb.txt") == SAMPLE


def test_decomposed_text_keeps_spans_in_the_callers_offsets() -> None:
    text, _ = load("notice_khanh_an")
    nfd = unicodedata.normalize("NFD", text)
    got = extract(nfd, strict=True)
    assert len(got.tasks) == 8
    task = got.tasks[3]
    start, end = task.span
    evidence = unicodedata.normalize("NFC", nfd[start:end])
    assert evidence.startswith("b) Giao Sở Tài chính") or "Giao Sở Tài chính" in evidence
