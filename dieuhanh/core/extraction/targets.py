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

from dieuhanh.core.extraction.layout import Block, Layout, Node, row_cells
from dieuhanh.core.extraction.lexicon import UNITS
from dieuhanh.core.extraction.model import Target
from dieuhanh.core.extraction.textutil import Clean, Source, collapse, is_caps_line
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
_LEAD_YEAR_RE = re.compile(
    r"^\W*(?:phấn đấu\s+)?(?:đến|trong|tới|vào)\s+(?:hết\s+|cuối\s+)?năm\s+(\d{4})\b",
    re.IGNORECASE,
)
# Qualifiers that belong to the quantity ("hoàn thành ít nhất 03 cơ sở dữ liệu"): the
# indicator starts with them when what comes before is the work, not the measure.
_COUNT_QUALIFIER_RE = re.compile(
    r"(?:^|\s)(ít nhất|tối thiểu|không dưới|tối đa|không quá|trên|hơn|khoảng)\s*$", re.IGNORECASE
)
_MEASURE_RE = re.compile(r"^(?:tỷ lệ|tỷ trọng|số lượng|số|tổng số|mức|chỉ số)\b", re.IGNORECASE)
_LINKING_VERB_RE = re.compile(
    r"\b(?:đạt|chiếm|là|bằng|lên|còn|xuống|giảm|tăng|duy trì|đảm bảo|bảo đảm)\s*$", re.IGNORECASE
)


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


_NOT_UNITS = frozenset(
    {"năm", "tháng", "ngày", "quý", "tuổi", "giờ", "phút", "lần", "và", "của", "trong"}
    | {"tại", "với", "là", "so", "trở", "được", "có", "các", "những"}
)


def _noun_after(text: str, pos: int) -> tuple[str, int] | None:
    """A counted noun outside the lexicon ("05 bài toán" has "bài"): the next word in lower
    case, for a count a qualifier introduces ("ít nhất 05 …")."""
    m = re.match(r"\s+([^\W\d_]+)", text[pos:])
    if m is None or not m.group(1).islower() or m.group(1) in _NOT_UNITS:
        return None
    return m.group(1), pos + m.end()


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


# Target tables: "STT | Chỉ tiêu | Đơn vị tính | Chỉ tiêu năm 2025 | Cơ quan theo dõi".
_IND_HEAD_RE = re.compile(r"chỉ tiêu|chỉ số|nội dung|mục tiêu|tiêu chí|tên", re.IGNORECASE)
_UNIT_HEAD_RE = re.compile(r"đơn vị tính|\bđvt\b|đơn vị đo", re.IGNORECASE)
_SKIP_HEAD_RE = re.compile(
    r"^\W*(?:stt|tt|số tt)\W*$|cơ quan|đơn vị (?:chủ trì|theo dõi|thực hiện|phụ trách)|"
    r"ghi chú|chủ trì|phối hợp|thời gian|lộ trình|nguồn",
    re.IGNORECASE,
)
_ACTUAL_HEAD_RE = re.compile(r"thực hiện|ước|kết quả|đạt được|hiện trạng|so với", re.IGNORECASE)
_GOAL_HEAD_RE = re.compile(r"kế hoạch|mục tiêu|chỉ tiêu|phấn đấu|giá trị|định mức", re.IGNORECASE)
_HEAD_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CELL_VALUE_RE = re.compile(
    r"^(?P<pre>[^\d]*?)\s*(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<pct>%)?"
    r"(?P<post>.*)$"
)
_SYMBOLS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", ">": ">", "<": "≤", "=": "="}


_Columns = tuple[int, int | None, list[tuple[int, int | None]]]


def _target_columns(texts: list[str]) -> _Columns | None:
    """(indicator column, unit column, [(value column, its year)]) of a header row."""
    if any(_CELL_VALUE_RE.match(c) and not _HEAD_YEAR_RE.search(c) for c in texts if c):
        return None  # a data row, not a header
    indicator: int | None = None
    unit: int | None = None
    values: list[tuple[int, int | None]] = []
    for k, c in enumerate(texts):
        if not c or _SKIP_HEAD_RE.search(c):
            continue
        if unit is None and _UNIT_HEAD_RE.search(c):
            unit = k
            continue
        year = _HEAD_YEAR_RE.search(c)
        if indicator is None and not year and _IND_HEAD_RE.search(c):
            indicator = k
            continue
        if _ACTUAL_HEAD_RE.search(c) and not _GOAL_HEAD_RE.search(c):
            continue
        if year or _GOAL_HEAD_RE.search(c):
            values.append((k, int(year.group(1)) if year else None))
    if indicator is None or not values or (unit is None and len(values) > 3):
        return None
    return indicator, unit, values


def _table_targets(source: Source, rows: list[Block], default_year: int | None) -> list[Target]:
    out: list[Target] = []
    cols: _Columns | None = None
    text = source.text
    for row in rows:
        s, e = row.ranges[0]
        cells = row_cells(text, s, e)
        texts = [collapse(text[cs:ce]).strip("* ") for cs, ce in cells]
        if all(re.fullmatch(r"[-:\s]*", t) for t in texts):
            continue  # "|---|---|"
        header = _target_columns(texts)
        if header is not None:
            cols = header
            continue
        if cols is None:
            continue
        ind_k, unit_k, values = cols
        indicator = texts[ind_k] if ind_k < len(texts) else ""
        if len(re.findall(r"\w+", indicator)) < 2 or is_caps_line(indicator):
            continue  # a group row: "I | CHÍNH QUYỀN SỐ | | |"
        unit_cell = texts[unit_k] if unit_k is not None and unit_k < len(texts) else ""
        for k, year in values:
            if k >= len(texts):
                continue
            m = _CELL_VALUE_RE.match(texts[k])
            if m is None:
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            pre = m.group("pre").strip()
            symbol = next((v for sym, v in _SYMBOLS.items() if pre.startswith(sym)), None)
            comparator = symbol or comparator_before(pre, m.group("post"))
            unit: str | None
            if m.group("pct") or "%" in unit_cell:
                unit = "%"
            elif unit_cell:
                unit = unit_cell if unit_cell.isupper() else unit_cell.lower()
            elif re.match(r"(?i)tỷ (?:lệ|trọng)", indicator):
                unit = "%"
            else:
                unit = None
            span = source.to_original(cells[ind_k][0], cells[k][1])
            out.append(
                Target(
                    indicator=indicator,
                    comparator=comparator,
                    value=Decimal(value),
                    unit=unit,
                    year=year or default_year,
                    span=span,
                )
            )
    return out


def _target_tables(layout: Layout, source: Source) -> list[tuple[list[Block], int | None]]:
    """Tables outside results sections, with the year their heading names."""
    out: list[tuple[list[Block], int | None]] = []

    def walk(node: Node, negative: bool, year: int | None) -> None:
        if node.block is not None:
            h = source.text[node.block.ranges[0][0] : node.block.ranges[0][1]]
            if _TARGET_HEADING_RE.search(h[:120]):
                negative = False
            elif _NEGATIVE_HEADING_RE.match(h):
                negative = True
            y = _YEAR_RE.search(h) or re.search(r"năm\s+(\d{4})()", h, re.IGNORECASE)
            if y:
                year = int(y.group(1) or y.group(2))
        if node.tables and not negative:
            out.append((node.tables, year))
        for child in node.children:
            walk(child, negative, year)

    walk(layout.root, False, None)
    return out


def extract_targets(source: Source, layout: Layout, plan_year: int | None) -> list[Target]:
    targets = _prose_targets(source, layout, plan_year)
    seen = {t.span for t in targets}
    for rows, year in _target_tables(layout, source):
        for target in _table_targets(source, rows, year or plan_year):
            if target.span not in seen:
                seen.add(target.span)
                targets.append(target)
    targets.sort(key=lambda t: t.span[0])
    return targets


def _prose_targets(source: Source, layout: Layout, plan_year: int | None) -> list[Target]:
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
        # "Đến năm 2030: kinh tế số …; tỷ lệ …": a year opening the paragraph holds for
        # every clause in it.
        lead_year = _LEAD_YEAR_RE.match(clean.text)
        year = int(lead_year.group(1)) if lead_year else heading_year or plan_year
        for cs, ce in _clauses(clean.text):
            target = _target_in_clause(clean, cs, ce, year, source)
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
            u = unit_after(clause, vm.end()) or _noun_after(clause, vm.end())
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
        qualifier = _COUNT_QUALIFIER_RE.search(prefix)
        if (
            qualifier is not None
            and not only_qualifiers
            and not _MEASURE_RE.match(prefix)
            and not _LINKING_VERB_RE.search(prefix[: qualifier.start(1)])
        ):
            start = qualifier.start(1)  # "hoàn thành ít nhất 03 …" → "ít nhất 03 …"
        elif not only_qualifiers and not ends_linking:
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
