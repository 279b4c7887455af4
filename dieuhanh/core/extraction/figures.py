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

from dieuhanh.core.extraction.layout import Block, Layout
from dieuhanh.core.extraction.model import Figure
from dieuhanh.core.extraction.targets import unit_after
from dieuhanh.core.extraction.textutil import Clean, Source
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
)
_AUX_LEAD_RE = re.compile(
    r"^(?:và|đồng thời|trong đó|riêng|trong|tính đến|đến|từ)\b[^,]*?\b(?:năm|tháng|quý|nay|"
    r"hiện tại|thời điểm hiện tại)(?:\s+\d{4})?\s+|^(?:và|đồng thời|trong đó|riêng)\s+",
    re.IGNORECASE,
)
_CUT_WORDS_RE = re.compile(r".*\b(?:đã|có|được|là)\s+(?=\S)", re.IGNORECASE)


def _label_before(text: str, start: int, floor: int = 0) -> str:
    window = text[max(0, floor, start - 160) : start]
    cut = 0
    for m in _BOUNDARY_RE.finditer(window):
        cut = m.end()
    pre = window[cut:].strip()
    pre = _AUX_LEAD_RE.sub("", pre).strip()
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
    if cut_m and pre[cut_m.end() :].strip():
        pre = pre[cut_m.end() :]
    words = pre.split()
    return " ".join(words[-8:]).strip(" ,.;:")


def _label_after(text: str, end: int) -> str:
    window = text[end : end + 120]
    m = _BOUNDARY_RE.search(window)
    phrase = window[: m.start()] if m else window
    return " ".join(phrase.split()[:8]).strip(" ,.;:")


def extract_figures(source: Source, layout: Layout) -> list[Figure]:
    blocks: list[Block] = [b for b in layout.blocks[: layout.body_end] if b.kind != "table"]
    blocks += [b for b in layout.footnotes if b not in blocks]
    blocks.sort(key=lambda b: b.start)
    figures: list[Figure] = []
    for block in blocks:
        clean = source.clean(block.ranges)
        figures.extend(_figures_in(clean, source))
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
        if unit == "%" and re.match(r"\s+(?!so với|trở|kế hoạch)[^\W\d_]", text[end:]):
            # "100% cơ quan hành chính nhà nước": the share of what follows.
            label = _label_after(text, end) or label
        in_brackets = text[max(0, m.start() - 12) : m.start()].rfind("(") >= 0
        if total is not None:
            # "14/18 chỉ tiêu đạt và vượt kế hoạch": what is counted follows the number.
            label = _label_after(text, m.end()) or label
        if unit == "%" and prev is not None and in_brackets and m.start() - prev_end < 20:
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
