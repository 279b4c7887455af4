"""Figures (số liệu) stated by a report: "tiếp nhận 239.723 hồ sơ", "(chiếm 97,92%)",
"13/19 chỉ tiêu đạt".

A figure is a number with a unit (a percentage or a counted noun); numbers that are
years, dates, document numbers, ordinals or levels are not figures. Its label is the
words before it in the same clause, without the auxiliaries around them ("đã tiếp nhận"
→ "tiếp nhận"); when nothing precedes it ("có 257.771 văn bản đi"), the unit and the
words after it name it; a percentage in brackets right after a figure is that figure's
share.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dieuhanh.core.extraction.agencies import tokenize, verb_at
from dieuhanh.core.extraction.layout import Block, Layout, row_cells
from dieuhanh.core.extraction.model import Figure
from dieuhanh.core.extraction.targets import unit_after
from dieuhanh.core.extraction.textutil import Clean, Source, collapse
from dieuhanh.core.vnformat import parse_number

__all__ = ["extract_figures"]

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE_RE = re.compile(
    rf"(?<![\w.,/\-])(?P<num>{_NUM})(?:/(?P<total>\d{{1,4}}))?(?![\w/\-]|[.,]\d)(?P<pct>\s*%)?"
)
_SKIP_BEFORE = {
    "năm",
    "ngày",
    "tháng",
    "quý",
    "số",
    "khóa",
    "khoá",
    "lần",
    "thứ",
    "điều",
    "khoản",
    "phiên",
    "top",
    "đợt",
    "kỳ",
    "lớp",
    "phòng",
    "trang",
    "phần",
    "mục",
    "version",
    "giờ",
    "lúc",
    "sáng",
    "chiều",
    "tối",
    "hạng",
    "độ",
    "đoạn",
}
_SKIP_BEFORE_2 = {
    "quyết định",
    "nghị định",
    "chỉ thị",
    "thông tư",
    "công văn",
    "kế hoạch",
    "nghị quyết",
    "thông báo",
    "báo cáo",
    "mức độ",
    "cấp độ",
    "xếp hạng",
    "giai đoạn",
    "đề án",
    "tờ trình",
}
_FALLBACK_STOP = {
    "tháng",
    "năm",
    "ngày",
    "tuổi",
    "giờ",
    "phút",
    "lần",
    "đến",
    "và",
    "trở",
    "so",
    "của",
    "trong",
    "tại",
    "với",
    "là",
    "cấp",
    "mức",
    "giai",
    "đợt",
}
_BOUNDARY_RE = re.compile(r"[,;:()\[\]]|\.\s|\btrong đó\b|\bbao gồm\b|\bgồm\b")
_AUX_TRAIL = (
    "là",
    "đạt",
    "có",
    "được",
    "đã",
    "gồm",
    "với",
    "khoảng",
    "hơn",
    "trên",
    "gần",
    "tới",
    "lên",
    "chiếm",
    "đạt tỷ lệ",
    "tổng số",
    "tổng cộng",
    "cho",
    "cấp cho",
    "chỉ",
    "chỉ đạt",
    "ước",
    "ước đạt",
    "ước tính",
    "bình quân",
)
_AUX_LEAD_RE = re.compile(
    r"^(?:và|đồng thời|trong đó|riêng|trong|tính đến|đến|từ)\b[^,]*?\b(?:năm|tháng|quý|nay|"
    r"hiện tại|thời điểm hiện tại)(?:\s+\d{4})?\s+|^(?:và|đồng thời|trong đó|riêng)\s+",
    re.IGNORECASE,
)
_CUT_WORDS_RE = re.compile(r".*\b(?:đã|có|được|là)\s+(?=\S)", re.IGNORECASE)


_SCOPE_RE = re.compile(
    r"^(?:toàn|cả)\s+(?:tỉnh|huyện|thị xã|thành phố|ngành|quốc|nước|xã|phường)$"
    r"|^(?:hiện nay|đến nay|hiện tại|hiện|tổng cộng|tổng số|trong đó|bao gồm|gồm)$",
    re.IGNORECASE,
)
# A label that may run on across a comma: "Tỷ lệ số hóa hồ sơ, kết quả giải quyết …".
_LABEL_HEAD_RE = re.compile(r"^(?:tỷ lệ|tỷ trọng|số lượng|tổng số|số)\s", re.IGNORECASE)
_LINKING_RE = re.compile(r"(?:đạt|chiếm|bằng|là|lên|khoảng|tới|được)\s*$", re.IGNORECASE)


def _starts_with_verb(label: str) -> bool:
    tokens = tokenize(label.lower(), 40)
    return bool(tokens) and verb_at(tokens, 0) > 0


def _trim_label(pre: str) -> str:
    pre = _AUX_LEAD_RE.sub("", pre.strip(" -–+•*")).strip()
    changed = True
    while changed and pre:
        changed = False
        low = pre.lower()
        for a in _AUX_TRAIL:
            if low == a or low.endswith(" " + a):
                pre = pre[: len(pre) - len(a)].strip()
                changed = True
                break
    cut_m = _CUT_WORDS_RE.match(pre)
    if cut_m and pre[cut_m.end() :].strip() and not _LABEL_HEAD_RE.match(pre):
        # "toàn tỉnh có 1.543 …", "đã tiếp nhận …" — but "Tỷ lệ hộ gia đình có cáp quang
        # đạt …" is one label.
        pre = pre[cut_m.end() :]
    if _SCOPE_RE.match(pre.strip(" ,.;:")):
        return ""
    return pre


def _label_before(text: str, start: int, floor: int = 0) -> str:
    window = text[max(0, floor, start - 200) : start]
    bounds = list(_BOUNDARY_RE.finditer(window))
    cut = bounds[-1].end() if bounds else 0
    pre = window[cut:].strip()
    if not pre and bounds and bounds[-1].group() == ":":
        # "Tổng số hồ sơ tiếp nhận: 318.640 hồ sơ": the label is before the colon.
        bounds = bounds[:-1]
        colon = len(window.rstrip()) - 1
        prev = bounds[-1].end() if bounds else 0
        pre = window[prev:colon]
    if bounds and bounds[-1].group() == "," and pre.strip():
        # "Tỷ lệ số hóa hồ sơ, kết quả giải quyết … đạt 88,15%": one label.
        prev = bounds[-2].end() if len(bounds) > 1 else 0
        head = window[prev : bounds[-1].start()].strip(" -–+•*")
        if _LABEL_HEAD_RE.match(head) and not re.search(r"\d", head):
            pre = f"{head}, {pre.strip()}"
    pre = _trim_label(pre)
    words = pre.split()
    return " ".join(words[-14:]).strip(" ,.;:")


def _label_after(text: str, end: int) -> str:
    window = text[end : end + 160]
    phrase = window
    pos = 0
    for m in _BOUNDARY_RE.finditer(window):
        nxt = window[m.end() :].lstrip()
        if (
            m.group() == ","
            and len(window[pos : m.start()].split()) <= 12
            and not re.match(r"(?:\d|trong đó|bao gồm|tăng|giảm|so với|đạt|chiếm)", nxt)
            and len(re.findall(r"\w+", window[: m.start()])) < 12
        ):
            continue  # "47/52 xã, phường đã thu phí, lệ phí bằng …": one phrase
        phrase = window[: m.start()]
        break
    phrase = re.split(r"\s(?:so với|tăng|giảm|với\s+\d)", " " + phrase + " ", maxsplit=1)[0]
    return " ".join(phrase.split()[:16]).strip(" ,.;:")


_UNIT_COLUMN_RE = re.compile(r"đơn vị tính|\bđvt\b", re.IGNORECASE)
_TABLE_NUM_RE = re.compile(rf"^(?P<num>{_NUM})\s*(?P<pct>%)?$")


def _table_figures(source: Source, rows: list[Block]) -> list[Figure]:
    """A table of figures: the first row names the columns, each later row a subject
    ("Cấp tỉnh | 102.455 | 95.327 | 93,04"); each number is that row's value of that column."""
    out: list[Figure] = []
    header: list[str] | None = None
    unit_k: int | None = None
    text = source.text
    for row in rows:
        s, e = row.ranges[0]
        cells = row_cells(text, s, e)
        texts = [collapse(text[cs:ce]).strip("* ") for cs, ce in cells]
        if all(re.fullmatch(r"[-:\s]*", t) for t in texts):
            continue
        numeric = [bool(_TABLE_NUM_RE.match(t)) for t in texts]
        if header is None:
            if not any(numeric[1:]):
                header = texts
                unit_k = next((k for k, h in enumerate(header) if _UNIT_COLUMN_RE.search(h)), None)
            continue
        label_k = next(
            (
                k
                for k, t in enumerate(texts)
                if t and not numeric[k] and not re.fullmatch(r"\W*", t) and k != unit_k
            ),
            None,
        )
        if label_k is None:
            continue
        subject = texts[label_k]
        row_unit = texts[unit_k] if unit_k is not None and unit_k < len(texts) else ""
        for k, t in enumerate(texts):
            m = _TABLE_NUM_RE.match(t) if k not in {label_k, unit_k} else None
            if m is None or k >= len(header) or re.match(r"(?i)^\W*(?:stt|tt|năm)\W*$", header[k]):
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            column = header[k]
            unit: str | None
            if m.group("pct") or "%" in column or re.match(r"(?i)tỷ (?:lệ|trọng)", column):
                unit = "%"
            elif row_unit:
                # "Đơn vị tính" column: "Tài khoản", "Hồ sơ", "%".
                unit = "%" if "%" in row_unit else row_unit.lower()
            else:
                u = unit_after(column.lower(), 0)
                unit = u[0] if u else None
            cs, ce = cells[k]
            out.append(
                Figure(
                    label=f"{subject} - {column}",
                    value=value,
                    unit=unit,
                    span=source.to_original(cs, ce),
                )
            )
    return out


def extract_figures(source: Source, layout: Layout) -> list[Figure]:
    blocks: list[Block] = [b for b in layout.body if b.kind != "table"]
    blocks += [b for b in layout.footnotes if b not in blocks]
    blocks.sort(key=lambda b: b.start)
    figures: list[Figure] = []
    for block in blocks:
        clean = source.clean(block.ranges)
        figures.extend(_figures_in(clean, source))
    table: list[Block] = []
    for b in [*layout.body, None]:
        if b is not None and b.kind == "table":
            table.append(b)
            continue
        if table:
            figures.extend(_table_figures(source, table))
            table = []
    figures.sort(key=lambda f: f.span[0])
    return figures


def _figures_in(clean: Clean, source: Source) -> list[Figure]:
    text = clean.text
    out: list[Figure] = []
    prev: Figure | None = None
    prev_end = -10
    for m in _FIGURE_RE.finditer(text):
        before = text[: m.start()].split()
        prev_word = before[-1].lower().strip("(") if before else ""
        prev_two = " ".join(before[-2:]).lower().strip("(") if len(before) >= 2 else ""
        if prev_word in _SKIP_BEFORE or prev_two in _SKIP_BEFORE_2:
            continue
        num = m.group("num")
        value = parse_number(num)
        if value is None:
            continue
        total = Decimal(m.group("total")) if m.group("total") else None
        if total is not None and (total == 0 or value > total):
            continue
        end = m.end()
        unit: str | None
        if m.group("pct") and total is None:
            unit = "%"
        else:
            u = unit_after(text, end)
            if u is not None:
                unit, end = u
            else:
                nxt = re.match(r"\s+([^\W\d_]+)", text[end:])
                big = "." in num or (value >= 10 and value == value.to_integral_value())
                if (
                    nxt
                    and nxt.group(1).islower()
                    and nxt.group(1) not in _FALLBACK_STOP
                    and big
                    and not (1900 <= value <= 2100)
                ):
                    unit = nxt.group(1)
                    end = end + nxt.end()
                else:
                    continue
        if unit != "%" and 1900 <= value <= 2100 and "." not in num and total is None:
            continue
        label = _label_before(text, m.start(), prev_end if prev_end > 0 else 0)
        linked = bool(_LINKING_RE.search(text[max(0, m.start() - 12) : m.start()]))
        if unit == "%" and re.match(r"\s+(?!so với|trở|kế hoạch)[^\W\d_]", text[end:]):
            # "100% cơ quan hành chính nhà nước": the share of what follows; but in
            # "Thanh toán … đạt 38,5% tổng số giao dịch" the measure is named before.
            if not (linked and len(label.split()) >= 2):
                label = _label_after(text, end) or label
        elif unit != "%" and total is None and re.search(r":\s*$", text[: m.start()]):
            # "Kinh tế số, xã hội số: 27 sản phẩm OCOP được giới thiệu …": a topic before
            # the colon, what is counted after the number; "Tổng số hồ sơ: 318.640 hồ sơ."
            # names it before.
            after = _label_after(text, end)
            if after and not re.match(r"(?i)(?:trong đó|bao gồm|gồm)\b", after):
                label = f"{text[m.end() : end].strip()} {after}"
        elif (
            unit != "%"
            and total is None
            and (len(label.split()) <= 2 or (len(label.split()) <= 4 and _starts_with_verb(label)))
        ):
            # "kích hoạt 612.480 tài khoản định danh điện tử": what is counted follows.
            after = _label_after(text, end)
            if after and not re.match(r"(?i)(?:trong đó|bao gồm|gồm)\b", after):
                label = " ".join(x for x in (label, text[m.end() : end].strip(), after) if x)
        in_brackets = text[max(0, m.start() - 12) : m.start()].rfind("(") >= 0
        if total is not None:
            # "14/18 chỉ tiêu đạt và vượt kế hoạch": what is counted follows the number.
            label = _label_after(text, m.end()) or label
        share_of_prev = in_brackets or bool(
            re.fullmatch(r"\s*,?\s*(?:đạt|chiếm|bằng)(?:\s+tỷ lệ)?\s*", text[prev_end : m.start()])
        )
        if unit == "%" and prev is not None and share_of_prev and m.start() - prev_end < 20:
            label = f"{prev.label} (tỷ lệ)"
        elif len(re.findall(r"\w+", label)) < 1 or (total is not None and not label):
            label = _label_after(text, m.end()) or label
        if not label:
            continue
        s, e = clean.span(m.start(), end)
        figure = Figure(
            label=label,
            value=value,
            unit=unit,
            span=source.to_original(s, e),
            total=total,
        )
        out.append(figure)
        prev, prev_end = figure, end
    return out
