"""From lines to an outline: paragraphs, list markers, footnotes, tables, body bounds.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) share one layout: a header
(issuer, number, place and date, document type, title), a body outlined with I., 1.,
1.1., a), bullets "-" and "+", then "Nơi nhận" and the signature. The body often ends with
"./.". Footnote text sits at page bottoms, i.e. in the middle of the body once a file is
turned into text, and a paragraph broken by a page or a footnote resumes in lower case.

The outline is built the way a reader builds it: a marker kind seen before closes
everything opened after it; a new kind opens a level below, unless it is a kind that ranks
above the current one (a roman numeral after bullets closes the bullets). A short line
without a number right before a bullet list is a heading whose number was never typed
("Nhiệm vụ khác", "Sở Y tế:"). The body ends at "Nơi nhận", at the closing formula, or at
the paragraph that ends with "./." — unless that paragraph still assigns work (a deadline,
a rhythm, its own subject). After the signature, an appendix ("PHỤ LỤC …") or a document
issued with this one ("KẾ HOẠCH … (Ban hành kèm theo Quyết định …)") carries the body on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dieuhanh.core.extraction.agencies import parse_lead_clause
from dieuhanh.core.extraction.deadlines import find_deadline, is_recurring
from dieuhanh.core.extraction.textutil import Source, collapse, is_caps_line

__all__ = ["Block", "Layout", "Node", "parse_layout", "row_cells"]

_LINE_RE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "part",
            r"(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?:[IVX]+|\d{1,2}|THỨ\s+\w+|thứ\s+\w+)"
            r"\s*[.:\-–]?\s+",
        ),
        ("dieu", r"Điều\s+\d{1,3}\s*[.:]\s*"),
        ("roman", r"(?:X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3})\s*[.):/\-–]\s+"),
        ("alpha_up", r"[A-HJ-UWYZĐ]\s*[.)]\s+(?=[A-ZĐÀ-Ỹ])"),
        ("arabic3", r"\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+"),
        ("arabic2", r"\d{1,2}\.\d{1,2}\.?\s+"),
        ("arabic", r"\d{1,2}\s*\.\s+|\d{1,2}\s*/\s+"),
        ("arabic_paren", r"\d{1,2}\)\s*"),
        ("paren", r"\(\d{1,2}\)\s*"),
        (
            "ordinal",
            r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*"
            r"|Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*",
        ),
        ("alpha", r"[a-zđ]\s*\)\s*|[a-zđ]\.\s+"),
        ("dash", r"[-–—−](?:\s+|(?=[^\W\d_]))"),
        ("plus", r"\+(?:\s+|(?=[^\W\d_]))"),
        ("dot", r"[•●∙▪■◦○·]\s*"),
        ("star", r"\*\s+"),
        ("arrow", r"[➢➤►▶→⇒✓✔❖◆♦]\s*"),
    )
)
_RANK = {
    "appendix": -1,
    "caps": 0,
    "part": 0,
    "alpha_up": 1,
    "roman": 2,
    "dieu": 3,
    "title": 3,
    "arabic": 4,
    "arabic2": 5,
    "arabic3": 6,
    "ordinal": 7,
    "arabic_paren": 8,
    "paren": 8,
    "alpha": 9,
}
_BULLET_RANK = 10
BULLETS = frozenset({"dash", "plus", "dot", "star", "arrow"})
HEADING_TYPES = frozenset({"appendix", "caps", "part", "alpha_up", "roman", "title"})

_FOOTNOTE_LINE_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]")
_GLUED_PAREN_REF_RE = re.compile(r"(?<=[^\s(\[])\((\d{1,2})\)")
_RULE_RE = re.compile(
    r"^[\s\-_=*.–—|:+]*$|^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$"
)
_TERMINAL = ".:;!?…"
_NUMBER_LINE_RE = re.compile(r"(?:Số|SỐ)\b")
_END_RE = re.compile(r"^\W*(?:nơi\s+nhận|NƠI\s+NHẬN)\b", re.IGNORECASE)
_RECIPIENT_RE = re.compile(r"^\W*kính\s+gửi\b", re.IGNORECASE)
# A closing sentence ending with "./." that only asks for the document to be carried out
# ("Yêu cầu các cơ quan … nghiêm túc thực hiện./.", "Sở Y tế trân trọng báo cáo./.").
_CLOSING_ASK_RE = re.compile(
    r"nghiêm túc\s+(?:triển khai\s+|tổ chức\s+)?thực hiện|trân trọng|kính (?:báo cáo|đề nghị)"
    r"|báo cáo\s+[^.;]{0,60}(?:xem xét|chỉ đạo|biết)"
    r"|(?:biết|để)\s*,?\s*(?:thực hiện|phối hợp)\s*\./\.$"
    r"|(?:quan tâm|phối hợp|nghiêm túc|khẩn trương)[\s,]+(?:phối hợp\s*,?\s*)?(?:triển khai\s+)?"
    r"thực hiện\s*\./\.$"
    r"|(?:tổ chức|triển khai)(?:\s+thực hiện)?\s+(?:tốt\s+|nghiêm túc\s+)?(?:các nội dung\s+)?"
    r"(?:Kế hoạch|Thông báo|Chỉ thị|Công văn|Quyết định|Chương trình|văn bản)\s+này\s*\./\.$",
    re.IGNORECASE,
)
# After the signature, an appendix or an attached document carries on the body: "PHỤ LỤC",
# or a document type in capitals followed by "(Ban hành kèm theo …)".
_APPENDIX_RE = re.compile(r"^\W*(?:PHỤ LỤC|Phụ lục|BIỂU|Biểu mẫu|BIỂU MẪU)\b")
_ATTACHED_TYPE_RE = re.compile(
    r"^\W*(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH|DANH MỤC|HƯỚNG DẪN)\b"
)
_ATTACHED_NOTE_RE = re.compile(r"(?:^|\()\W*(?:ban hành\s+)?kèm theo\b", re.IGNORECASE)
# "Phần thứ nhất" / "PHẦN I" alone on its line: the part's title is on the next line.
_PART_ALONE_RE = re.compile(
    r"^(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVX]+|\d{1,2}|THỨ\s+\w+|thứ\s+\w+)\s*[.:]?\s*$"
)
_CLOSING_RE = re.compile(
    r"thông báo\s+(?:để|đến|cho)\b.{0,200}\b(?:biết|thực hiện)"
    r"|^\W*(?:trên đây là|trân trọng|kính đề nghị|rất mong|xin trân trọng)"
    r"|^\W*trong quá trình (?:tổ chức\s+)?(?:thực hiện|triển khai)\b.{0,120}"
    r"(?:khó khăn|vướng mắc|phát sinh)",
    re.IGNORECASE,
)


def row_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of a table row written "a | b | c" (or tab-separated), trimmed."""
    line = text[start:end]
    out = []
    pos = 0
    for piece in re.split(r"(\||\t)", line):
        if piece not in {"|", "\t"}:
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            out.append((start + pos + lead, start + pos + len(piece) - trail))
        pos += len(piece)
    stripped = line.strip()
    if stripped.startswith("|") and out:
        out = out[1:]
    if stripped.endswith("|") and out:
        out = out[:-1]
    return out


def _rank(kind: str) -> int:
    return _BULLET_RANK if kind in BULLETS else _RANK.get(kind, _BULLET_RANK)


@dataclass
class Block:
    """One paragraph: its ranges in the source (more than one when a page break or a
    footnote cut it), and its list marker if any."""

    kind: str  # "item", "para", "caps", "footnote", "table"
    start: int
    ranges: list[tuple[int, int]]
    marker_type: str | None = None
    marker: str | None = None
    blank_before: bool = True

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


@dataclass
class Node:
    """An outline entry: an item (or heading) with the paragraphs that continue it."""

    block: Block | None
    kind: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    paras: list[Block] = field(default_factory=list)
    tables: list[Block] = field(default_factory=list)

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_TYPES


@dataclass
class Layout:
    blocks: list[Block]
    root: Node
    body_end: int  # index into blocks of the first block after the body
    footnotes: list[Block]
    tail: list[Block]  # blocks after the body: distribution list, signature
    body: list[Block] = field(default_factory=list)  # the body and any appendix after it


def _classify_line(text: str, start: int, end: int, glued_refs: set[str]) -> Block:
    # "**Sở A:**" is emphasis, "* Sở A …" a bullet.
    stripped = text.lstrip(" ") if re.match(r"\s*\*\s+\S", text) else text.lstrip("*_ ")
    lead = len(text) - len(stripped)
    if _FOOTNOTE_LINE_RE.match(stripped):
        return Block("footnote", start, [(start, end)])
    m = re.match(r"\((\d{1,2})\)", stripped)
    if m and m.group(1) in glued_refs:
        return Block("footnote", start, [(start, end)])
    if stripped.count("|") >= 2 or (stripped.count("\t") >= 2 and len(stripped.split("\t")) >= 3):
        return Block("table", start, [(start, end)])
    if _PART_ALONE_RE.match(stripped):
        return Block("caps", start, [(start + lead, end)], "caps")
    for kind, pattern in _MARKERS:
        mm = pattern.match(stripped)
        if mm and mm.end() < len(stripped):
            body = start + lead + mm.end()
            return Block("item", start, [(body, end)], kind, stripped[: mm.end()].strip() or kind)
    if (
        is_caps_line(stripped)
        and len(stripped.split()) <= 30
        and not _NUMBER_LINE_RE.match(stripped)
    ):
        return Block("caps", start, [(start + lead, end)], "caps")
    return Block("para", start, [(start + lead, end)])


def _lines(source: Source) -> list[tuple[int, int, bool]]:
    """Non-blank lines as ``(start, end, blank_before)`` with surrounding space trimmed."""
    text = source.text
    out: list[tuple[int, int, bool]] = []
    prev_end = 0
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        seg = text[s:e]
        if not seg.strip():
            continue
        ls = s + len(seg) - len(seg.lstrip())
        le = e - (len(seg) - len(seg.rstrip()))
        gap = text[prev_end:s]
        blank_before = gap.count("\n") + gap.count("\r") - gap.count("\r\n") >= 2 or not out
        out.append((ls, le, blank_before))
        prev_end = e
    return out


def _continues(prev: Block, block: Block, text: str) -> bool:
    """Does ``block`` carry on the sentence of ``prev``? Yes when it opens in lower case
    (a page or a footnote cut the sentence), or when the file is hard-wrapped: no blank
    line, a long previous line that does not end a sentence."""
    if block.kind != "para" or prev.kind in {"footnote", "table"}:
        return False
    first = text[block.ranges[0][0] : block.ranges[0][1]].lstrip('*_"“( ')
    if not first:
        return False
    last_text = text[prev.ranges[-1][0] : prev.ranges[-1][1]].rstrip("*_ ")
    ends_sentence = bool(last_text) and last_text[-1] in _TERMINAL
    if first[0].islower() and not ends_sentence:
        return True
    if first[0].islower() and last_text.endswith(","):
        return True
    if not block.blank_before and not ends_sentence and prev.kind != "caps":
        line_len = prev.ranges[-1][1] - prev.ranges[-1][0]
        return line_len >= 50
    return False


def _is_closing(text: str, block: Block) -> bool:
    whole = " ".join(text[s:e] for s, e in block.ranges)
    if len(whole.split()) > 60:
        return False
    if _CLOSING_ASK_RE.search(whole):
        return True
    if find_deadline(whole, None) is not None or is_recurring(whole):
        return False
    # "Thủ trưởng các sở … chịu trách nhiệm trước Chủ tịch UBND tỉnh về …./." assigns.
    clause = parse_lead_clause(collapse(whole), inherited=False)
    return clause.lead is None or clause.how not in {"subject", "giao"}


def _block_text(text: str, block: Block) -> str:
    return text[block.start : block.ranges[0][1]]


def _appendix_ranges(text: str, blocks: list[Block], body_end: int) -> list[tuple[int, int]]:
    """Stretches after the signature that carry on the body: an appendix ("PHỤ LỤC …")
    or a document issued with this one ("KẾ HOẠCH … (Ban hành kèm theo Quyết định …)"),
    each up to its own "Nơi nhận" or the end."""
    out: list[tuple[int, int]] = []
    i = body_end + 1
    n = len(blocks)
    while i < n:
        first = _block_text(text, blocks[i]).strip()
        attached = bool(_ATTACHED_TYPE_RE.match(first)) and any(
            _ATTACHED_NOTE_RE.search(" ".join(text[s:e] for s, e in b.ranges))
            for b in blocks[i + 1 : i + 4]
        )
        if blocks[i].kind in {"caps", "para", "item"} and (_APPENDIX_RE.match(first) or attached):
            end = next(
                (k for k in range(i + 1, n) if _END_RE.match(_block_text(text, blocks[k]))),
                n,
            )
            out.append((i, end))
            i = end + 1
            continue
        i += 1
    return out


def _heading_without_number(text: str, blocks: list[Block], i: int) -> bool:
    """A short line of its own, not a sentence, right before a list: a heading whose
    number was never typed ("Nhiệm vụ khác", "Đối với UBND cấp xã")."""
    b = blocks[i]
    if b.kind != "para" or len(b.ranges) != 1 or not b.blank_before:
        return False
    line = text[b.ranges[0][0] : b.ranges[0][1]].strip(" *_")
    if not line or not line[0].isupper() or line[-1] in ".;,!?…":
        return False
    if len(line.split()) > 10 or re.search(r"\d", line):
        return False
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return nxt is not None and nxt.kind == "item" and nxt.marker_type in BULLETS


def parse_layout(source: Source) -> Layout:
    text = source.text
    glued = {m.group(1) for m in _GLUED_PAREN_REF_RE.finditer(text)}
    blocks: list[Block] = []
    footnotes: list[Block] = []
    last_content: Block | None = None
    for ls, le, blank_before in _lines(source):
        raw = text[ls:le]
        if _RULE_RE.match(raw):
            continue
        block = _classify_line(raw, ls, le, glued)
        block.blank_before = blank_before
        if block.kind == "footnote":
            footnotes.append(block)
            blocks.append(block)
            continue
        if last_content is not None and _continues(last_content, block, text):
            last_content.ranges.append(block.ranges[0])
            continue
        blocks.append(block)
        last_content = block

    body_end = len(blocks)
    recipients: set[int] = set()
    in_recipients = False
    for i, b in enumerate(blocks):
        first = text[b.ranges[0][0] : b.ranges[0][1]]
        whole = first if b.kind != "item" else text[b.start : b.ranges[0][1]]
        if _END_RE.match(whole):
            body_end = i
            break
        if _RECIPIENT_RE.match(whole):
            in_recipients = True
            recipients.add(i)
            continue
        if in_recipients:
            if (b.kind == "item" and b.marker_type in BULLETS) or (
                b.kind == "para"
                and len(first.split()) <= 12
                and first.rstrip().endswith((";", ".", ","))
            ):
                recipients.add(i)
                continue
            in_recipients = False
        if b.kind == "para" and _CLOSING_RE.search(" ".join(text[s:e] for s, e in b.ranges)):
            body_end = i
            break
        last = text[b.ranges[-1][0] : b.ranges[-1][1]].rstrip("*_ ")
        if b.kind in {"item", "para"} and last.endswith("./.") and i > 0:
            # A short unmarked paragraph closing with "./." is the closing formula
            # ("Yêu cầu các cơ quan … nghiêm túc thực hiện./."); an item is the last task,
            # and so is a paragraph that sets a deadline or a rhythm of its own ("Các cơ
            # quan báo cáo … trước ngày 25/11/2024./.").
            body_end = i if b.kind == "para" and _is_closing(text, b) else i + 1
            break

    appendices = _appendix_ranges(text, blocks, body_end) if body_end < len(blocks) else []
    for i in range(body_end):
        if _heading_without_number(text, blocks, i):
            blocks[i].kind = "caps"
            blocks[i].marker_type = "title"
    indices = list(range(body_end))
    for a, z in appendices:
        indices.append(-1)  # the appendix opens a new top-level part, under its first line
        blocks[a].kind = "caps"
        blocks[a].marker_type = "appendix"
        indices.extend(range(a, z))

    root = Node(None, "root")
    stack: list[Node] = [root]
    for i in indices:
        if i < 0:
            del stack[1:]
            continue
        b = blocks[i]
        if i in recipients or b.kind == "footnote":
            continue
        if b.kind == "table":
            stack[-1].tables.append(b)
            continue
        if b.kind == "para":
            stack[-1].paras.append(b)
            continue
        kind = b.marker_type or "caps"
        node = Node(b, kind)
        same = next((k for k in range(len(stack) - 1, 0, -1) if stack[k].kind == kind), None)
        if same is not None:
            del stack[same:]
        else:
            r = _rank(kind)
            while len(stack) > 1:
                top = stack[-1].kind
                tr = _rank(top)
                if tr > r or (tr == r and not (top in BULLETS and kind in BULLETS)):
                    stack.pop()
                else:
                    break
        node.parent = stack[-1]
        stack[-1].children.append(node)
        stack.append(node)
    tail_end = appendices[0][0] if appendices else len(blocks)
    body = [blocks[i] for i in indices if i >= 0]
    return Layout(blocks, root, body_end, footnotes, blocks[body_end:tail_end], body)
