"""From lines to an outline: paragraphs, list markers, footnotes, tables, body bounds.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) share one layout: a header
(issuer, number, place and date, document type, title), a body outlined with I., 1.,
1.1., a), bullets "-" and "+", then "Nơi nhận" and the signature. The body often ends with
"./.". Footnote text sits at page bottoms, i.e. in the middle of the body once a file is
turned into text, and a paragraph broken by a page or a footnote resumes in lower case.

The outline is built the way a reader builds it: a marker kind seen before closes
everything opened after it; a new kind opens a level below, unless it is a kind that ranks
above the current one (a roman numeral after bullets closes the bullets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dieuhanh.core.extraction.textutil import Source, is_caps_line

__all__ = ["Block", "Layout", "Node", "parse_layout"]

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
    "caps": 0,
    "part": 0,
    "alpha_up": 1,
    "roman": 2,
    "dieu": 3,
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
HEADING_TYPES = frozenset({"caps", "part", "alpha_up", "roman"})

_FOOTNOTE_LINE_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]")
_GLUED_PAREN_REF_RE = re.compile(r"(?<=[^\s(\[])\((\d{1,2})\)")
_RULE_RE = re.compile(
    r"^[\s\-_=*.–—|:+]*$|^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$"
)
_TERMINAL = ".:;!?…"
_NUMBER_LINE_RE = re.compile(r"(?:Số|SỐ)\b")
_END_RE = re.compile(r"^\W*(?:nơi\s+nhận|NƠI\s+NHẬN)\b", re.IGNORECASE)
_RECIPIENT_RE = re.compile(r"^\W*kính\s+gửi\b", re.IGNORECASE)
_CLOSING_RE = re.compile(
    r"thông báo\s+(?:để|đến|cho)\b.{0,200}\b(?:biết|thực hiện)"
    r"|^\W*(?:trên đây là|trân trọng|kính đề nghị|rất mong|xin trân trọng)"
    r"|^\W*trong quá trình (?:tổ chức\s+)?(?:thực hiện|triển khai)\b.{0,120}"
    r"(?:khó khăn|vướng mắc|phát sinh)",
    re.IGNORECASE,
)


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


def _classify_line(text: str, start: int, end: int, glued_refs: set[str]) -> Block:
    stripped = text.lstrip("*_ ")
    lead = len(text) - len(stripped)
    if _FOOTNOTE_LINE_RE.match(stripped):
        return Block("footnote", start, [(start, end)])
    m = re.match(r"\((\d{1,2})\)", stripped)
    if m and m.group(1) in glued_refs:
        return Block("footnote", start, [(start, end)])
    if stripped.count("|") >= 2 or (stripped.count("\t") >= 2 and len(stripped.split("\t")) >= 3):
        return Block("table", start, [(start, end)])
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
            # ("Yêu cầu các cơ quan … nghiêm túc thực hiện./."); an item is the last task.
            words = sum(len(text[s:e].split()) for s, e in b.ranges)
            body_end = i if b.kind == "para" and words <= 60 else i + 1
            break

    root = Node(None, "root")
    stack: list[Node] = [root]
    for i, b in enumerate(blocks[:body_end]):
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
    return Layout(blocks, root, body_end, footnotes, blocks[body_end:])
