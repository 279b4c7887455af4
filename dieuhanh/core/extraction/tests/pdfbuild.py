"""A minimal text PDF written by hand, for tests: no PDF-writing library is installed.

Vietnamese needs more than the 14 standard fonts' WinAnsi encoding, so the text is drawn
with a composite (Type0, Identity-H) font whose codes are the characters' Unicode code
points, and a ToUnicode map says so — which is exactly what a text extractor reads. The
font program is not embedded: a viewer substitutes one; extraction does not need it.
"""

from __future__ import annotations

import textwrap


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text if ord(c) <= 0xFFFF)


def build_pdf(paragraphs: list[str], *, width: int = 70, lines_per_page: int = 45) -> bytes:
    """Lay ``paragraphs`` out on A4 pages, wrapped at ``width`` characters (so that the
    reader has to join lines again), one blank line between paragraphs."""
    lines: list[str] = []
    for p in paragraphs:
        lines.extend(textwrap.wrap(p, width=width) or [""])
        lines.append("")
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    chars = sorted({c for line in lines for c in line if ord(c) <= 0xFFFF})

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cmap_entries = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    n = len(chars)
    chunks = [cmap_entries.splitlines()[i : i + 100] for i in range(0, n, 100)]
    bfchars = "".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks
    )
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{bfchars}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
    tounicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /ArialUnicodeMS /Flags 32 "
        b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 "
        b"/CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ArialUnicodeMS "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 500 /CIDToGIDMap /Identity >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ArialUnicodeMS /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cidfont, tounicode)
    )
    pages_id = len(objects) + 1 + 2 * len(pages)
    page_ids = []
    for page_lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "56 790 Td"]
        for line in page_lines:
            ops.append(f"<{_hex(line)}> Tj T*" if line else "T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    kids = " ".join(f"{p} 0 R" for p in page_ids).encode("ascii")
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
