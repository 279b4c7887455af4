"""Targets (chỉ tiêu) of a plan: "phấn đấu tỷ lệ … đạt 85%", "tối thiểu 90% …".

A plan states its goals one clause each, separated by ";" (and grouped by pillar: "về
kinh tế số, phấn đấu …"). Each clause with a percentage, or a count introduced by a
qualifier ("ít nhất 1.543 dịch vụ"), is one target. The indicator is the clause without
its pillar and "phấn đấu"; when the clause is a sentence whose object is the quantity
("duy trì Nền tảng X đảm bảo 100% các phương tiện …"), the indicator starts at the
quantity. Qualifiers give the comparator and are not part of the value.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dieuhanh.core.extraction.layout import Block, Layout, Node
from dieuhanh.core.extraction.lexicon import UNITS
from dieuhanh.core.extraction.model import Target
from dieuhanh.core.extraction.textutil import Clean, Source
from dieuhanh.core.vnformat import parse_number

__all__ = ["extract_targets", "unit_after"]

_CONTEXT_RE = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu", re.IGNORECASE)
_NEGATIVE_HEADING_RE = re.compile(
    r"^\W*(?:[IVX\d.]+\s*[.)]?\s*)?(?:kết quả|đánh giá|tình hình|thực trạng|khó khăn|hạn chế|"
    r"tồn tại|căn cứ|sự cần thiết|bối cảnh)",
    re.IGNORECASE,
)
_TARGET_HEADING_RE = re.compile(r"mục tiêu|chỉ tiêu", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|:\s|…\s|\.{3}\s|\n")
_VALUE_RE = re.compile(
    r"(?<![\w.,/])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w/]|[.,]\d)"
    r"(?P<pct>\s*%)?"
)
_TOPIC_RE = re.compile(r"^(?:và\s+|đồng thời\s+)?về\s+[^,]{1,60},\s*", re.IGNORECASE)
_PHAN_DAU_RE = re.compile(
    r"^(?:(?:theo đó|trong đó|cụ thể)\s*,?\s*)?"
    r"(?:(?:đến|trong|tới)\s+(?:hết\s+)?năm\s+\d{4}\s*,?\s*)?"
    r"(?:(?:phấn đấu|mục tiêu(?: là)?)\s*"
    r"(?:(?:đến|trong|tới)\s+(?:hết\s+)?năm\s+\d{4}\s*,?\s*)?:?\s*)?"
    r"(?:có\s+(?=(?:ít nhất|tối thiểu|trên|khoảng|\d)))?",
    re.IGNORECASE,
)
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("không vượt quá", "≤"),
    ("không quá", "≤"),
    ("tối đa", "≤"),
    ("giảm xuống còn", "≤"),
    ("giảm còn", "≤"),
    ("xuống còn", "≤"),
    ("còn", "≤"),
    ("dưới", "≤"),
    ("không dưới", "≥"),
    ("không thấp hơn", "≥"),
    ("tối thiểu", "≥"),
    ("ít nhất", "≥"),
    ("trên", ">"),
    ("hơn", ">"),
    ("vượt", ">"),
    ("từ", "≥"),
    ("đạt", "≥"),
    ("chiếm", "≥"),
    ("lên", "≥"),
    ("tăng lên", "≥"),
    ("bằng", "="),
    ("là", "="),
    ("duy trì", "≥"),
    ("đảm bảo", "≥"),
    ("bảo đảm", "≥"),
)
_LINKING = {q for q, _ in _QUALIFIERS} - {"đảm bảo", "bảo đảm"}
_YEAR_RE = re.compile(
    r"(?:đến|trong|vào|cuối|hết)\s+(?:hết\s+)?năm\s+(\d{4})|^năm\s+(\d{4})", re.IGNORECASE
)
_MAX_UNIT = max(len(u) for u in UNITS)


def unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """The unit written right after a number ("hồ sơ", "tài khoản"), longest first."""
    words = list(re.finditer(r"[\w&]+", text[pos : pos + 80]))
    if not words or words[0].start() > 2:
        return None
    lowered = [w.group().lower() for w in words]
    for n in range(min(_MAX_UNIT, len(lowered)), 0, -1):
        if tuple(lowered[:n]) in UNITS:
            # Contiguous words only (no punctuation between them).
            span = text[pos + words[0].start() : pos + words[n - 1].end()]
            if re.fullmatch(r"[\w&]+(?:\s+[\w&]+)*", span):
                return span, pos + words[n - 1].end()
    return None


def comparator_before(prefix: str, suffix: str) -> str:
    """The comparator a qualifier sets: the one nearest the number wins ("đạt tối thiểu
    trên 02%" → ">"); "… trở lên/trở xuống" after it overrides; none means "at least",
    which is what a plan's goal without a qualifier ("100% cơ quan …") asks for."""
    tail = " ".join(prefix.lower().split()[-4:])
    best: tuple[int, int, str] | None = None
    for q, comp in _QUALIFIERS:
        hits = list(re.finditer(rf"(?<!\w){re.escape(q)}(?!\w)", tail))
        if hits:
            key = (hits[-1].end(), len(q), comp)
            if best is None or key[:2] > best[:2]:
                best = key
    if re.match(r"\s*(?:%\s*)?(?:trở lên)", suffix):
        return "≥"
    if re.match(r"\s*(?:%\s*)?(?:trở xuống)", suffix):
        return "≤"
    return best[2] if best else "≥"


def _in_target_context(layout: Layout, source: Source) -> list[tuple[Block, int | None, bool]]:
    """Blocks that may state targets: ``(block, year its heading names, under a "Mục
    tiêu"/"Chỉ tiêu" heading)``. Results sections are left out: their percentages are
    achievements, not goals."""
    out: list[tuple[Block, int | None, bool]] = []

    def heading_text(node: Node) -> str:
        if node.block is None:
            return ""
        return source.text[node.block.ranges[0][0] : node.block.ranges[0][1]]

    def walk(node: Node, target_ctx: bool, negative: bool, year: int | None) -> None:
        h = heading_text(node)
        if node.block is not None and (node.children or node.is_heading):
            if _TARGET_HEADING_RE.search(h[:120]):
                target_ctx, negative = True, False
            elif _NEGATIVE_HEADING_RE.match(h):
                negative = True
            elif node.is_heading:
                target_ctx = False
            y = _YEAR_RE.search(h)
            if y:
                year = int(y.group(1) or y.group(2))
        if not negative:
            if node.block is not None:
                out.append((node.block, year, target_ctx))
            for p in node.paras:
                out.append((p, year, target_ctx))
        for child in node.children:
            walk(child, target_ctx, negative, year)

    walk(layout.root, False, False, None)
    return out


def extract_targets(source: Source, layout: Layout, plan_year: int | None) -> list[Target]:
    candidates = _in_target_context(layout, source)
    chosen = [
        (b, y)
        for b, y, under in candidates
        if under or _CONTEXT_RE.search(source.clean(b.ranges).text)
    ]
    if not chosen:
        chosen = [(b, y) for b, y, _ in candidates]
    targets: list[Target] = []
    seen: set[tuple[int, int]] = set()
    for block, heading_year in chosen:
        clean = source.clean(block.ranges)
        for cs, ce in _clauses(clean.text):
            target = _target_in_clause(clean, cs, ce, heading_year or plan_year, source)
            if target is not None and target.span not in seen:
                seen.add(target.span)
                targets.append(target)
    return targets


def _clauses(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in _CLAUSE_SPLIT_RE.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    # A comma that starts a new "tỷ lệ …" also starts a new target.
    final = []
    for s, e in out:
        cut = s
        for m in re.finditer(r",\s+(?=(?:tỷ lệ|tỷ trọng)\s)", text[s:e]):
            if re.search(r"\d\s*%", text[cut : s + m.start()]):
                final.append((cut, s + m.start()))
                cut = s + m.end()
        final.append((cut, e))
    return [(s, e) for s, e in final if e > s]


def _target_in_clause(
    clean: Clean, cs: int, ce: int, year: int | None, source: Source
) -> Target | None:
    clause = clean.text[cs:ce]
    lead_ws = len(clause) - len(clause.lstrip())
    offset = cs + lead_ws
    clause = clause.strip()
    whole = clause
    m = _TOPIC_RE.match(clause)
    if m:
        offset += m.end()
        clause = clause[m.end() :]
    m = _PHAN_DAU_RE.match(clause)
    if m:
        offset += m.end()
        clause = clause[m.end() :]
    value_m = None
    unit: str | None = None
    for vm in _VALUE_RE.finditer(clause):
        if vm.group("pct"):
            value_m, unit = vm, "%"
            break
    if value_m is None:
        for vm in _VALUE_RE.finditer(clause):
            before = " ".join(clause[: vm.start()].lower().split()[-2:])
            if not any(
                q in before for q in ("ít nhất", "tối thiểu", "không dưới", "đạt", "trên", "tối đa")
            ):
                continue
            u = unit_after(clause, vm.end())
            if u is not None:
                value_m, unit = vm, u[0]
                break
    if value_m is None:
        return None
    value = parse_number(value_m.group("num"))
    if value is None:
        return None
    prefix = clause[: value_m.start()]
    suffix = clause[value_m.end() :]
    comparator = comparator_before(prefix, suffix)
    pre_words = prefix.lower().split()
    start = 0
    if pre_words:
        last_two = " ".join(pre_words[-2:])
        only_qualifiers = " ".join(pre_words) in _LINKING or all(
            w in {"tối", "thiểu", "ít", "nhất", "trên", "duy", "trì", "đạt", "khoảng"}
            for w in pre_words
        )
        ends_linking = any(last_two.endswith(q) for q in _LINKING if q not in {"duy trì"})
        if not only_qualifiers and not ends_linking:
            start = value_m.start()
    indicator = clause[start:].strip(" ,.;…")
    if len(re.findall(r"\w+", indicator)) < 2:
        return None
    ym = _YEAR_RE.search(whole)
    target_year = int(ym.group(1) or ym.group(2)) if ym else year
    s, e = clean.span(offset + start, offset + len(clause.rstrip(" ,.;…")))
    span = source.to_original(s, e)
    return Target(
        indicator=indicator,
        comparator=comparator,
        value=Decimal(value),
        unit=unit,
        year=target_year,
        span=span,
    )
