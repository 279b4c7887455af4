"""The document's identity: kind, number, date, issuer, signer, meeting date.

The header of an administrative document is regulated (Nghị định 30/2020/NĐ-CP): the
issuing body in capitals top left ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG NGÃI"), "Số: 36/TB-UBND"
below it, "Quảng Ngãi, ngày 03 tháng 02 năm 2023" top right, then the type in capitals
("THÔNG BÁO") and the title. The symbol after the number names both the type ("TB") and
the issuer ("UBND"), which is what is left when a copy has lost its header block.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import date

from dieuhanh.core.extraction.model import Signer
from dieuhanh.core.extraction.textutil import Source, collapse, is_caps_line
from dieuhanh.core.vnformat import parse_date

__all__ = ["Header", "parse_header"]

_HEAD_CHARS = 4000

_NUMBER_RE = re.compile(
    r"(?:^|[\n|])[\s*_]*(?:Số|SỐ)\s*[:.]?\s*(?P<n>\d{0,6}[a-zA-Z]?)\s*"
    r"(?P<sym>[-/][\w&.\-/]*[A-ZĐ][\w&.\-/]*)"
)
# The place-and-date line stands alone (or in its own table cell): "Quảng Ngãi, ngày 03
# tháng 02 năm 2023". A sentence citing "…, ngày 12/3/2022, Ban Thường vụ …" is not it.
_DATE_LINE_RE = re.compile(
    r"(?:^|[\n|])[ \t*_]*(?P<place>[^\n,|*.;:]{2,40}?),\s*ngày\s*(?P<d>\d{1,2})?\s*"
    r"(?:tháng|/|-)\s*(?P<m>\d{1,2})?\s*(?:năm|/|-)\s*(?P<y>\d{4})[ \t*_.]*(?=$|[\n|])",
    re.IGNORECASE,
)
_TYPES: tuple[tuple[str, str], ...] = (
    ("THÔNG BÁO", "notice"),
    ("KẾT LUẬN", "notice"),
    ("CHỈ THỊ", "notice"),
    ("CÔNG ĐIỆN", "notice"),
    ("CÔNG VĂN", "notice"),
    ("HƯỚNG DẪN", "notice"),
    ("KẾ HOẠCH", "plan"),
    ("NGHỊ QUYẾT", "plan"),
    ("CHƯƠNG TRÌNH", "plan"),
    ("ĐỀ ÁN", "plan"),
    ("QUYẾT ĐỊNH", "plan"),
    ("BÁO CÁO", "report"),
    ("TỜ TRÌNH", "report"),
)
_TYPE_CODES = {
    "TB": "notice",
    "KL": "notice",
    "CT": "notice",
    "CĐ": "notice",
    "HD": "notice",
    "KH": "plan",
    "NQ": "plan",
    "CTR": "plan",
    "ĐA": "plan",
    "QĐ": "plan",
    "BC": "report",
    "TTR": "report",
}
_ISSUER_CODES = {
    "UBND": "UBND",
    "HĐND": "HĐND",
    "BCĐ": "Ban Chỉ đạo",
    "VPUB": "Văn phòng UBND",
    "VP": "Văn phòng UBND",
    "TU": "Tỉnh ủy",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "BQL": "Ban Quản lý",
}
_CITIES = {
    "hà nội",
    "hồ chí minh",
    "thành phố hồ chí minh",
    "tp. hồ chí minh",
    "hải phòng",
    "đà nẵng",
    "cần thơ",
    "huế",
}
_MOTTO_RE = re.compile(
    r"CỘNG H[OÒ]A|CHỦ NGHĨA VIỆT NAM|ĐỘC LẬP|Độc lập|ĐẢNG CỘNG SẢN|Hạnh phúc|HẠNH PHÚC"
)
_LOCALITY = ("TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "QUẬN", "PHƯỜNG", "XÃ", "THỊ TRẤN")
_PARTY_HEADS = (
    "TỈNH ỦY",
    "TỈNH UỶ",
    "HUYỆN ỦY",
    "HUYỆN UỶ",
    "THÀNH ỦY",
    "THÀNH UỶ",
    "THỊ ỦY",
    "ĐẢNG ỦY",
    "ĐẢNG UỶ",
)
_NUMBERED_TITLES = ("ĐỀ ÁN", "DỰ ÁN", "CHƯƠNG TRÌNH", "NGHỊ QUYẾT", "KẾ HOẠCH")
_ORG_HEADS = (
    "SỞ",
    "BAN",
    "VĂN PHÒNG",
    "TRUNG TÂM",
    "PHÒNG",
    "CỤC",
    "CHI CỤC",
    "BỘ",
    "TRƯỜNG",
    "BỆNH VIỆN",
    "HỘI",
    "ĐÀI",
    "BÁO",
    "CÔNG AN",
    "KHO BẠC",
    "UBND",
    "HĐND",
    "TỔ",
    "ĐOÀN",
    "THANH TRA",
    "VIỄN THÔNG",
    "BƯU ĐIỆN",
    "BAN CHỈ ĐẠO",
)
_ABBREV = {
    "UBND",
    "HĐND",
    "MTTQ",
    "BCĐ",
    "CĐS",
    "TT&TT",
    "KH&ĐT",
    "KH&CN",
    "VNPT",
    "IOC",
    "CNTT",
    "BHXH",
    "GD&ĐT",
    "LĐTB&XH",
    "VHTT&DL",
    "UBMTTQ",
    "TNCS",
    "TP.",
}
_ISSUED_RE = re.compile(
    r"(?:Ngày\s+(?P<d>\d{1,2}/\d{1,2}/\d{4}),\s*)?(?P<issuer>[A-ZĐÀ-Ỹ][^,.;:\n]{3,120}?)\s+"
    r"(?:đã\s+)?ban hành\s+(?P<kind>Kế hoạch|Nghị quyết|Thông báo|Chỉ thị|Quyết định|"
    r"Chương trình|Báo cáo|Đề án)\s+số\s+(?P<num>\d+[\w&.\-/]*[A-ZĐ][\w&.\-/]*)"
)
_TITLE_TYPE_RE = re.compile(
    r"^\W*(?P<t>kế hoạch|nghị quyết|chương trình|đề án|thông báo|kết luận|chỉ thị|báo cáo)\b",
    re.IGNORECASE,
)
_POSITION_RE = re.compile(
    r"^(?:TM|KT|TL|TUQ|Q|T\.M|K\.T)\s*\.|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG|PHÓ|CHÁNH|BÍ THƯ|"
    r"THỦ TRƯỞNG|VIỆN|CỤC|ỦY VIÊN|THƯỜNG TRỰC"
)
_NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\.?\s+){1,5}[A-ZĐÀ-Ỹ][^\W\d_]*$")
_ON_BEHALF_RE = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T\.M|K\.T)\s*\.", re.IGNORECASE)
_MEETING_RE = re.compile(
    r"(?:^|[\s,(])(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)\s+"
    r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/])"
    r"|(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})(?:\s+năm\s+(?P<wy>\d{4}))?)"
    r"[^.]{0,300}?\b(?:họp|hội nghị|làm việc|phiên|kiểm tra|buổi)",
    re.IGNORECASE,
)


@dataclass
class Header:
    kind: str | None
    number: str | None
    date: dt.date | None
    reference: dt.date | None  # for inferring years: the date, or the 1st of its month
    issuer: str | None
    title: str | None
    meeting_date: dt.date | None
    signer: Signer | None


def _title_case(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def prettify_org(caps: str) -> str:
    """ "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN" → "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn":
    the head and the first word of each field capitalised, a place name in title case."""
    s = collapse(caps.replace("*", "")).strip(" -–|")
    s = re.sub(r"(?i)\b(?:ỦY|UỶ) BAN NHÂN DÂN\b", "UBND", s)
    s = re.sub(r"(?i)\bHỘI ĐỒNG NHÂN DÂN\b", "HĐND", s)
    words = s.split()
    out: list[str] = []
    capitalise_next = True
    proper = False
    # Only departments and ministries are named after fields, each capitalised ("Sở Kế
    # hoạch và Đầu tư"); other bodies write their purpose in lower case.
    fields = bool(re.match(r"(?:SỞ|BỘ|ĐÀI)\b", s.upper()))
    i = 0
    while i < len(words):
        w = words[i]
        two = " ".join(words[i : i + 2]).upper()
        core = w.strip(",.;:()")
        if core.upper() in _ABBREV or "&" in core:
            out.append(w)
            capitalise_next = False
            i += 1
            continue
        if two in _NUMBERED_TITLES and i + 2 < len(words) and words[i + 2][:1].isdigit():
            # "BAN CHỈ ĐẠO ĐỀ ÁN 06": a numbered programme is a proper name.
            out.append(_title_case(words[i]) + " " + words[i + 1].lower())
            i += 2
            continue
        if two in _PARTY_HEADS:
            out.append(_title_case(words[i]) + " " + words[i + 1].lower())
            proper = True
            i += 2
            continue
        loc = next(
            (x for x in _LOCALITY if " ".join(words[i : i + len(x.split())]).upper() == x), None
        )
        if loc == "XÃ" and " ".join(words[i : i + 2]).upper() == "XÃ HỘI":
            loc = None  # "Xã hội" (society), not a commune
        if loc and not proper:
            n = len(loc.split())
            out.append(" ".join(x.lower() for x in words[i : i + n]))
            proper = True
            i += n
            continue
        if proper:
            out.append(_title_case(w) if w.isalpha() else w)
        elif capitalise_next:
            out.append(_title_case(w))
            capitalise_next = False
            head = next(
                (h for h in _ORG_HEADS if " ".join(words[i : i + len(h.split())]).upper() == h),
                None,
            )
            if head and len(head.split()) > 1:
                for extra in words[i + 1 : i + len(head.split())]:
                    out.append(extra.lower())
                i += len(head.split()) - 1
                capitalise_next = True
            elif head:
                capitalise_next = True
        elif w.upper() in {"VÀ", "-", "–", ","} and fields:
            out.append(w.lower())
            capitalise_next = True
        else:
            out.append(w.lower())
        i += 1
    return " ".join(out)


def _locality_of(org: str) -> str | None:
    m = re.search(r"\b(tỉnh|thành phố|huyện|thị xã|quận)\s+\S.*$", org)
    if m:
        return m.group(0)
    m = re.match(r"(Tỉnh|Thành|Huyện|Thị) (?:ủy|uỷ) (.+)$", org)
    if m:
        level = {"Tỉnh": "tỉnh", "Thành": "thành phố", "Huyện": "huyện", "Thị": "thị xã"}
        return f"{level[m.group(1)]} {m.group(2)}"
    return None


# Where a header line begins, for a header whose lines were run together (a PDF joined
# them, a web page lost its table): "… TỈNH TRỊ NAM Số: 287/TB-UBND CỘNG HÒA XÃ HỘI …".
_HEADER_BREAK_RE = re.compile(
    r"\s+(?=(?:Số|SỐ)\s*:\s*\d"
    r"|CỘNG H[OÒ]A\b|Độc lập\s*-|ĐỘC LẬP\s*-|ĐẢNG CỘNG SẢN\b"
    r"|(?:THÔNG BÁO|KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|CHỈ THỊ|CÔNG VĂN|TỜ TRÌNH|HƯỚNG DẪN"
    r"|CHƯƠNG TRÌNH)(?:\s+KẾT LUẬN)?\s+(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ])"
    r"|[A-ZĐÀ-Ỹ][\w]*(?:\s+[A-ZĐÀ-Ỹ][\w]*){0,3},\s*ngày\s+\d{1,2}\s+tháng\s+\d)"
)


def _unglue(head: str) -> str:
    """Put each header element on its own line again when they were run together."""
    out = []
    for line in head.splitlines():
        if len(line) > 60 and _HEADER_BREAK_RE.search(line):
            line = _HEADER_BREAK_RE.sub("\n", line)
        out.append(line)
    return "\n".join(out)


def _header_lines(text: str) -> list[str]:
    cells = []
    for line in _unglue(text[:_HEAD_CHARS]).splitlines():
        for cell in re.split(r"\||\t", line):
            c = cell.strip(" *_-–—")
            if c:
                cells.append(c)
    return cells


def _issuer_from_header(cells: list[str]) -> str | None:
    orgs: list[str] = []
    for c in cells[:16]:
        up = c.upper()
        if _MOTTO_RE.search(c):
            continue
        if c.startswith(("Số", "SỐ")) or _DATE_LINE_RE.search(c):
            break
        if any(up == t or up.startswith(t + " ") for t, _ in _TYPES):
            break
        if not is_caps_line(c) or len(c.split()) > 25:
            if orgs:
                break
            continue
        if (
            orgs
            and any(up.startswith(x + " ") or up == x for x in _LOCALITY)
            and not any(up.startswith(p) for p in _PARTY_HEADS)
        ):
            orgs[-1] = orgs[-1] + " " + c
        else:
            orgs.append(c)
    if not orgs:
        return None
    pretty = [prettify_org(o) for o in orgs]
    issuer = pretty[-1]
    if len(pretty) > 1 and issuer in {"Văn phòng", "Thanh tra", "Văn phòng Đoàn ĐBQH và HĐND"}:
        # "UBND TỈNH SƠN ĐÔNG / VĂN PHÒNG": the office of the body above it.
        return f"{issuer} {pretty[-2]}"
    if len(pretty) > 1 and _locality_of(issuer) is None:
        loc = _locality_of(pretty[0])
        if loc:
            # "Ban Thường vụ Tỉnh ủy" + "tỉnh Ngọc Sơn" → "… Tỉnh ủy Ngọc Sơn".
            if re.search(r"(?:Tỉnh|Thành|Huyện|Thị) (?:ủy|uỷ)$", issuer):
                loc = loc.split(" ", 2 if loc.startswith(("thành phố", "thị xã")) else 1)[-1]
            issuer = f"{issuer} {loc}"
    return issuer


def _place_level(place: str) -> str:
    p = place.lower().strip()
    if p.startswith(("tp.", "tp ", "thành phố")):
        return place.strip()
    if p in _CITIES:
        return f"thành phố {place.strip()}"
    return f"tỉnh {place.strip()}"


def _kind_from_text(text: str, cells: list[str], sym_kind: str | None) -> str | None:
    for c in cells[:30]:
        up = c.upper().strip(" :")
        for t, k in _TYPES:
            if up == t or (up.startswith(t + " ") and is_caps_line(c)):
                return k
    if sym_kind:
        return sym_kind
    if re.search(r"(?m)^\W*V/v\b", text[:_HEAD_CHARS]):
        return "notice"
    for c in cells[:4]:
        m = _TITLE_TYPE_RE.match(c)
        if m:
            t = m.group("t").lower()
            if t in {"kế hoạch", "nghị quyết", "chương trình", "đề án"}:
                return "plan"
            if t == "báo cáo":
                return "report"
            return "notice"
    return None


def _fallback_kind(text: str) -> str:
    """No header says what the document is: weigh what it does. A text full of stated
    figures reports; one that sets "phấn đấu … đạt" goals plans; one that assigns work
    notifies."""
    head = text[:3000].lower()
    body = text.lower()
    notice = 3 * len(re.findall(r"kết luận (?:của|như sau)|thông báo kết luận", head))
    notice += len(re.findall(r"\bgiao (?:sở|ubnd|văn phòng|các)|chủ trì, phối hợp", body))
    plan = 2 * len(re.findall(r"phấn đấu|mục tiêu cụ thể|chỉ tiêu", body))
    report = len(re.findall(r"\d[\d.,]*\s*(?:%|hồ sơ|tài khoản|dịch vụ|trạm|người)", body)) // 3
    report += 2 * len(re.findall(r"thực trạng|kết quả đạt được|tình hình", head))
    best = max((notice, "notice"), (plan, "plan"), (report, "report"))
    return best[1] if best[0] > 0 else "notice"


def _signer(source: Source, tail_lines: list[tuple[str, int, int]]) -> Signer | None:
    titles: list[tuple[int, str]] = []
    for k, (line, _s, _e) in enumerate(tail_lines):
        clean = line.strip(" *_")
        if re.match(r"^\(?\s*(?:đã ký|ký|ký tên)", clean, re.IGNORECASE):
            continue
        if is_caps_line(clean) and _POSITION_RE.search(clean.upper()):
            titles.append((k, clean))
            continue
        if titles and _NAME_RE.match(clean) and not _POSITION_RE.search(clean.upper()):
            if k - titles[-1][0] > 6:
                titles = []
                continue
            own = [t for _, t in titles]
            title = own[-1]
            behalf = [t for t in own[:-1] if _ON_BEHALF_RE.match(t)]
            if _ON_BEHALF_RE.match(title) and len(own) == 1:
                behalf, title = [title], title
            _, s, e = tail_lines[k]
            span = source.to_original(s, e)
            return Signer(
                name=collapse(clean),
                title=collapse(title),
                on_behalf="; ".join(collapse(b) for b in behalf) or None,
                span=span,
            )
    return None


def _plan_year(title: str | None) -> int | None:
    if not title:
        return None
    m = re.search(r"đến\s+năm\s+(\d{4})", title, re.IGNORECASE)
    if m:
        return int(m.group(1))
    m = re.search(r"(?:giai đoạn\s+)?(\d{4})\s*[-–]\s*(\d{4})", title, re.IGNORECASE)
    if m:
        return int(m.group(2))
    m = re.search(r"năm\s+(\d{4})", title, re.IGNORECASE)
    if m:
        return int(m.group(1))
    return None


def _title(cells: list[str], text: str) -> str | None:
    """The line naming what the document is about: after the type line, or the first line
    that begins with a type word ("Kế hoạch triển khai …")."""
    for i, c in enumerate(cells[:40]):
        up = c.upper().strip(" :")
        if any(up == t for t, _ in _TYPES) and i + 1 < len(cells):
            return cells[i + 1]
        if any(up.startswith(t + " ") for t, _ in _TYPES) and is_caps_line(c):
            return c
    for c in cells[:6]:
        if _TITLE_TYPE_RE.match(c) and len(c.split()) >= 4:
            return c
    return None


def parse_header(source: Source, tail_lines: list[tuple[str, int, int]]) -> Header:
    text = source.text
    cells = _header_lines(text)
    head = _unglue(text[:_HEAD_CHARS])

    number = None
    sym_kind = None
    sym_issuer = None
    m = _NUMBER_RE.search(head)
    if m:
        sym = re.sub(r"\s+", "", m.group("sym"))
        if m.group("n"):
            number = m.group("n") + sym
        codes = [c for c in re.split(r"[-/]", sym) if c and not c.isdigit()]
        if codes:
            first = codes[0].upper()
            if first in _TYPE_CODES:
                sym_kind = _TYPE_CODES[first]
                sym_issuer = codes[1] if len(codes) > 1 else None
            else:
                sym_kind = "notice"  # "167/UBND-KGVX": a letter (công văn) has no type code
                sym_issuer = codes[0]

    doc_date: date | None = None
    reference: date | None = None
    place: str | None = None
    dm = _DATE_LINE_RE.search(head)
    if dm and dm.group("y"):
        place = dm.group("place").strip(" *_-–")
        year = int(dm.group("y"))
        month = int(dm.group("m")) if dm.group("m") else None
        if dm.group("d") and month:
            doc_date = parse_date(f"{dm.group('d')}/{month}/{year}")
        if doc_date is not None:
            reference = doc_date
        elif month and 1 <= month <= 12:
            reference = date(year, month, 1)
        elif 1 <= year <= 9999:
            reference = date(year, 1, 1)

    issuer = _issuer_from_header(cells)
    if issuer is None and sym_issuer and place:
        base = _ISSUER_CODES.get(sym_issuer.upper())
        if base:
            issuer = f"{base} {_place_level(place)}"

    kind = _kind_from_text(text, cells, sym_kind)
    # "Ngày 23/5/2023, Ban Chỉ đạo … đã ban hành Kế hoạch số 72-KH/BCĐ": a news copy of a
    # document names it in its first sentences; a report citing other documents does too,
    # so it only counts when it names a document of the kind this one is.
    im = _ISSUED_RE.search(head[:1500])
    issued_kind = None
    if im:
        issued_kind = {
            "Kế hoạch": "plan",
            "Nghị quyết": "plan",
            "Chương trình": "plan",
            "Đề án": "plan",
            "Báo cáo": "report",
        }.get(im.group("kind"), "notice")
        if kind is None and number is None:
            probe = fallback_kind(text)
            kind = issued_kind if probe != "report" or issued_kind == "report" else probe
    if im and kind == issued_kind:
        if number is None:
            number = im.group("num").rstrip(".,;")
        if issuer is None:
            issuer = collapse(im.group("issuer"))
        if doc_date is None and im.group("d"):
            doc_date = parse_date(im.group("d"))
            reference = reference or doc_date

    title = _title(cells, text)

    meeting = None
    body_from = dm.end() if dm else 0
    for mm in _MEETING_RE.finditer(text[: body_from + _HEAD_CHARS], body_from):
        y = mm.group("y") or mm.group("wy")
        d = mm.group("d") or mm.group("wd")
        mo = mm.group("m") or mm.group("wm")
        if y:
            meeting = parse_date(f"{d}/{mo}/{y}")
        elif reference is not None:
            meeting = parse_date(f"{d}/{mo}/{reference.year}")
            # A meeting precedes its notice: "ngày 28/12" in a January notice is last year.
            if meeting is not None and (meeting - reference).days > 31:
                meeting = parse_date(f"{d}/{mo}/{reference.year - 1}")
        if meeting is not None:
            break

    return Header(
        kind=kind,
        number=number,
        date=doc_date,
        reference=reference,
        issuer=issuer,
        title=title,
        meeting_date=meeting,
        signer=_signer(source, tail_lines),
    )


def plan_year(header: Header) -> int | None:
    """The year a plan's targets are for, from its title ("… năm 2023", "giai đoạn
    2021 - 2025", "đến năm 2025"), else the year of the document."""
    y = _plan_year(header.title)
    if y is None and header.reference is not None:
        y = header.reference.year
    return y


def fallback_kind(text: str) -> str:
    return _fallback_kind(text)
