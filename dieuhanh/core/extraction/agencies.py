"""Agency names as the document writes them: who leads a task and who cooperates.

A Vietnamese agency name starts with a recognisable head ("Sở", "UBND", "Văn phòng",
"Các sở, ban, ngành", "Thủ trưởng") and runs on until the predicate begins. Predicates
start with a small, stable set of verbs and adverbs ("chủ trì", "khẩn trương", "rà
soát"), written in lower case, while words inside proper names are capitalised ("Sở Xây
dựng"). So a name ends at the first lower-case verb or preposition, or at punctuation
other than the commas of a group name ("Các sở, ban, ngành, UBND các huyện, thành phố").
Names are kept whole as written; resolving them to units is a later, reviewed step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dieuhanh.core.extraction.lexicon import (
    CAPITAL_ONLY_HEADS,
    FIELD_NAMES,
    HEADS_ANY,
    HEADS_CAP,
    LOCALITY_WORDS,
    NAME_CONTINUATIONS,
    PREPOSITIONS,
    VERBS,
)

__all__ = [
    "LeadClause",
    "Name",
    "find_cooperating",
    "parse_lead_clause",
    "read_name",
    "scan_name",
]

# Names and lead clauses are read from a window after a position, never from the whole
# rest of a long text: a 150,000-character paragraph must not be copied at each sentence.
_WINDOW = 800


def _win(text: str, pos: int) -> str:
    return text[pos : pos + _WINDOW]


_TOKEN_RE = re.compile(r"\w+(?:[&'’]\w+)*|[^\w\s]")
_MAX_NAME_WORDS = 30


def _index(phrases: frozenset[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """First word → the lengths of the phrases it begins, longest first."""
    index: dict[str, set[int]] = {}
    for p in phrases:
        index.setdefault(p[0], set()).add(len(p))
    return {w: tuple(sorted(n, reverse=True)) for w, n in index.items()}


_VERB_INDEX = _index(VERBS)
_HEAD_INDEX = _index(HEADS_ANY | HEADS_CAP)
_PLURAL_FIRST = {"các", "tất"}
_STANDALONE_HEADS = {
    ("vnpt",),
    ("viettel",),
    ("mobifone",),
    ("bhxh",),
    ("bcđ",),
    ("ban", "chỉ", "đạo"),
    ("tỉnh", "đoàn"),
    ("tỉnh", "ủy"),
    ("tỉnh", "uỷ"),
    ("bưu", "điện"),
    ("công", "an"),
    ("ubnd",),
    ("hđnd",),
    ("thường", "trực"),
}
# "tổ chức" is a verb, but after a comma inside a list of bodies it is a noun.
_LIST_NOUNS = {("tổ", "chức"), ("đơn", "vị"), ("địa", "phương"), ("doanh", "nghiệp")}
# Place words that read as verbs in VERBS but are places after a name.
_NAME_JOINERS = {"và", "của", "thuộc"}
_PLACE_BIGRAMS = {("liên", "quan"), ("thành", "phố"), ("thị", "xã"), ("khu", "vực")}
_ABBREV_DOT = {"tp", "tx", "q", "h", "tt"}
# Words that open a relative clause about a group of bodies ("Các sở, ngành có tỷ lệ … dưới
# 50% phải …", "Các cơ quan được giao theo dõi chỉ tiêu có trách nhiệm …"): when a modal
# verb follows within the clause, the clause belongs to the name.
_RELATIVE_STARTS = {"chưa", "đã", "không", "có", "được", "thuộc", "còn"}
_HAS_NOT_RELATIVE = {("trách", "nhiệm"), ("liên", "quan")}
_PASSIVE_CLAUSES = (
    ("được", "phân", "công", "nhiệm", "vụ"),
    ("được", "giao", "nhiệm", "vụ"),
    ("được", "phân", "công"),
    ("được", "giao", "chủ", "trì"),
    ("được", "giao"),
)


class Token:
    """A word or a punctuation mark of a clean string, with what the rules ask of it
    worked out once (the name scanner asks each token many times)."""

    __slots__ = ("capitalised", "end", "is_word", "lower", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        first = text[0]
        self.text = text
        self.start = start
        self.end = end
        self.is_word = first.isalnum() or first == "_"
        self.lower = text.lower()
        self.capitalised = first.isupper() or first.isdigit()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str, limit: int = 320) -> list[Token]:
    """Tokens of the first ``limit`` characters: every caller reads a name at the start
    of the text, and names are short, so a long item is not tokenised to its end."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, 0, limit)]


def read_name(text: str) -> tuple[Name | None, list[Token]]:
    """The agency name at the start of ``text`` and the tokens it was read from. A short
    window is tokenised first (names are short) and a longer one only when the name runs
    to the window's end or stops at an unclosed bracket."""
    tokens: list[Token] = []
    name: Name | None = None
    for limit in (120, 320):
        tokens = tokenize(text, limit)
        name = scan_name(text, tokens, 0) if tokens else None
        if len(text) <= limit or name is None:
            break
        if name.stop < len(tokens) - 2 and tokens[name.stop].text != "(":
            break
    return name, tokens


@dataclass(frozen=True)
class Name:
    """An agency name found in a clean string: ``text[start:end]`` minus parentheses."""

    text: str
    start: int
    end: int
    stop: int  # index of the token where the name stopped
    stopped_at_verb: bool
    ended_with_comma: bool


def _words_from(tokens: list[Token], i: int, n: int) -> tuple[str, ...] | None:
    if i + n > len(tokens):
        return None
    out = []
    for t in tokens[i : i + n]:
        if not t.is_word:
            return None
        out.append(t.lower)
    return tuple(out)


_FIELD_INDEX: dict[str, list[tuple[str, ...]]] = {}
for _f in FIELD_NAMES:  # longest first, as FIELD_NAMES is sorted
    _FIELD_INDEX.setdefault(_f[0], []).append(_f)


def _field_at(tokens: list[Token], j: int) -> int:
    """Length in tokens of a department's field name at ``j`` ("Văn hóa, Thể thao và Du
    lịch", punctuation included), or 0."""
    for f in _FIELD_INDEX.get(tokens[j].lower, ()):
        if tuple(t.lower for t in tokens[j : j + len(f)]) == f:
            return len(f)
    return 0


def verb_at(tokens: list[Token], i: int) -> int:
    """Length in tokens of the verb phrase starting at ``i`` (0 when there is none)."""
    if i >= len(tokens) or not tokens[i].is_word or tokens[i].text[0].isupper():
        return 0
    for n in _VERB_INDEX.get(tokens[i].lower, ()):
        w = _words_from(tokens, i, n)
        if w is not None and w in VERBS:
            return n
    return 0


def head_at(tokens: list[Token], i: int) -> int:
    """Length in tokens of an agency head starting at ``i`` (0 when there is none)."""
    if i >= len(tokens) or not tokens[i].is_word:
        return 0
    for n in _HEAD_INDEX.get(tokens[i].lower, ()):
        w = _words_from(tokens, i, n)
        if w is None:
            continue
        if w in HEADS_ANY:
            if w in CAPITAL_ONLY_HEADS and not tokens[i].text[0].isupper():
                continue
            return n
        if w in HEADS_CAP and tokens[i].text[0].isupper():
            nxt = tokens[i + n] if i + n < len(tokens) else None
            if (
                nxt is not None
                and nxt.lower == "và"
                and i + n + 1 < len(tokens)
                and tokens[i + n + 1].text[0].isupper()
            ):
                return n  # "Báo và Phát thanh, Truyền hình tỉnh", "Ban Tuyên giáo và Dân vận"
            if nxt is not None and nxt.is_word and nxt.capitalised:
                if (
                    tokens[i].text.isupper()
                    and nxt.text.isupper()
                    and _words_from(tokens, i, n + 1) in VERBS
                ):
                    return 0  # "TỔ CHỨC THỰC HIỆN" in a heading: capitals say nothing
                return n
            # "Sở, ban, ngành" / "Sở, ngành": the whole group.
            if (
                w == ("sở",)
                and nxt is not None
                and nxt.text == ","
                and i + n + 1 < len(tokens)
                and tokens[i + n + 1].lower in {"ban", "ngành"}
            ):
                return n
    return 0


_MODALS = {
    ("phải",),
    ("cần",),
    ("khẩn", "trương"),
    ("có", "trách", "nhiệm"),
    ("chịu", "trách", "nhiệm"),
    ("tiếp", "tục"),
    ("tập", "trung"),
    ("chủ", "động"),
    ("nghiêm", "túc"),
}


def _modal_ahead(tokens: list[Token], k: int, limit: int = 15) -> int:
    """Index of a modal verb ("phải", "khẩn trương") within the clause starting at ``k``,
    or 0 when the clause has none. Numbers, "%" and commas may sit in the clause ("có tỷ
    lệ dưới 50%, chưa đạt … phải …"); other punctuation ends it."""
    words = 0
    while k < len(tokens) and words < limit:
        if not tokens[k].is_word:
            if tokens[k].text in {"%", ",", "/", "."} and k > 0 and tokens[k - 1].is_word:
                k += 1
                continue
            return 0
        if any(_words_from(tokens, k, len(m)) == m for m in _MODALS):
            return k
        words += 1
        k += 1
    return 0


def scan_name(text: str, tokens: list[Token], i: int) -> Name | None:
    """Read the agency name starting at token ``i``, or ``None`` when none starts there."""
    h = head_at(tokens, i)
    if not h:
        return None
    head_words = _words_from(tokens, i, h) or ()
    j = i + h
    last = j - 1
    extra_words = 0
    parens: list[tuple[int, int]] = []
    stopped_at_verb = False
    n = len(tokens)
    # A name is "closed" once it reaches a known field name ("Sở Khoa học và Công nghệ")
    # or a locality ("Công an tỉnh"): after that only places, lists and brackets go on,
    # so "… Công nghệ điều tra …" ends before "điều tra" even if VERBS lacks it.
    closed = False
    in_place = False
    while j < n:
        t = tokens[j]
        if t.is_word and tokens[j - 1].lower in {"sở", "bộ"} and tokens[j - 1].text[0].isupper():
            field_len = _field_at(tokens, j)
            if field_len:
                last, j = j + field_len - 1, j + field_len
                extra_words += field_len
                closed, in_place = True, False
                continue
        if (
            t.is_word
            and head_words[0] in _PLURAL_FIRST
            and t.lower in _RELATIVE_STARTS
            and (t.lower != "có" or _words_from(tokens, j + 1, 2) not in _HAS_NOT_RELATIVE)
            and (modal := _modal_ahead(tokens, j + 1))
        ):
            # "Các xã, phường chưa đạt chỉ tiêu X phải xây dựng …": the relative clause
            # says which bodies; the work starts at the modal.
            extra_words += modal - j
            last, j = modal - 1, modal
            closed = in_place = False
            continue
        if not t.is_word:
            in_place = False
        elif closed:
            low = t.lower
            nxt_low = tokens[j + 1].lower if j + 1 < n else ""
            if head_at(tokens, j) or tokens[j - 1].lower in {"các", "những"}:
                closed = in_place = False  # a new body begins: read it normally
            elif verb_at(tokens, j) >= 2 and (low, nxt_low) not in _PLACE_BIGRAMS:
                # "UBND tỉnh quan tâm …", "… thành phố trực tiếp chỉ đạo": a two-word verb
                # outweighs a place word that happens to begin it.
                stopped_at_verb = True
                break
            elif (
                (low in LOCALITY_WORDS and (low, nxt_low) != ("quan", "tâm"))
                or low in _NAME_JOINERS
                or (low == "trực" and nxt_low == "thuộc")
            ):
                last, j = j, j + 1
                extra_words += 1
                in_place = low in LOCALITY_WORDS
                continue
            elif in_place and t.capitalised:
                last, j = j, j + 1
                extra_words += 1
                continue
            elif any(_words_from(tokens, j, len(c)) == c for c in NAME_CONTINUATIONS):
                pass
            elif low in PREPOSITIONS and not verb_at(tokens, j):
                break
            else:
                stopped_at_verb = True
                break
        if (
            t.is_word
            and t.lower in {"tỉnh", "huyện", "xã", "phường"}
            and not t.capitalised
            and _words_from(tokens, j, 2) != ("xã", "hội")
        ):
            closed, in_place = True, True
            last, j = j, j + 1
            extra_words += 1
            continue
        if t.is_word:
            cont = next(
                (len(c) for c in NAME_CONTINUATIONS if _words_from(tokens, j, len(c)) == c), 0
            )
            if cont:
                last, j = j + cont - 1, j + cont
                extra_words += cont
                continue
            passive = next(
                (len(p) for p in _PASSIVE_CLAUSES if _words_from(tokens, j, len(p)) == p), 0
            )
            if passive and head_words[0] in _PLURAL_FIRST:
                # "Các cơ quan được phân công nhiệm vụ báo cáo …": part of the name.
                last, j = j + passive - 1, j + passive
                extra_words += passive
                continue
            if t.capitalised or (j > 0 and tokens[j - 1].lower in {"các", "những", "mọi"}):
                last, j = j, j + 1
                extra_words += 1
            elif (
                t.lower == "có"
                and head_words[0] in _PLURAL_FIRST
                and _words_from(tokens, j + 1, 2) not in {("trách", "nhiệm"), ("liên", "quan")}
            ):
                # "Các sở, ngành có cơ sở dữ liệu chuyên ngành hoàn thành …"
                last, j = j, j + 1
                extra_words += 1
            elif verb_at(tokens, j):
                after_comma = j > 0 and tokens[j - 1].text == ","
                if after_comma and _words_from(tokens, j, 2) in _LIST_NOUNS:
                    last, j = j + 1, j + 2
                    extra_words += 2
                    continue
                stopped_at_verb = True
                break
            elif t.lower in PREPOSITIONS:
                break
            else:
                last, j = j, j + 1
                extra_words += 1
            if extra_words > _MAX_NAME_WORDS:
                return None
            continue
        c = t.text
        if c == ";" and j + 1 < n and _strong_head_at(tokens, j + 1) and not parens:
            # "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện …": one group.
            j += 1
            closed = in_place = False
            continue
        if c == ",":
            nxt = j + 1
            if nxt >= n or not tokens[nxt].is_word:
                break
            if verb_at(tokens, nxt) and _words_from(tokens, nxt, 2) not in _LIST_NOUNS:
                break
            if tokens[nxt].lower in PREPOSITIONS:
                break
            j += 1
            continue
        if c in "-–/&" and j + 1 < n and tokens[j + 1].is_word:
            j += 1
            continue
        if c == "." and tokens[j - 1].lower in _ABBREV_DOT and j + 1 < n:
            j += 1
            continue
        if c == "(":
            depth, k = 0, j
            while k < n:
                if tokens[k].text == "(":
                    depth += 1
                elif tokens[k].text == ")":
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            if k >= n:
                break
            parens.append((t.start, tokens[k].end))
            j = k + 1
            continue
        break
    if (
        extra_words == 0
        and head_words not in _STANDALONE_HEADS
        and head_words[0] not in (_PLURAL_FIRST)
    ):
        return None
    # Trim a dangling connector ("Sở A và", "Sở A,").
    while last > i and (tokens[last].text in ",-–/&" or tokens[last].lower == "và"):
        last -= 1
    start, end = tokens[i].start, tokens[last].end
    pieces = []
    cursor = start
    for ps, pe in parens:
        if ps >= end:
            break
        pieces.append(text[cursor:ps])
        cursor = pe
    pieces.append(text[cursor:end])
    name = " ".join("".join(pieces).split()).replace(" ,", ",")
    ended_with_comma = (j < n and tokens[j].text == ",") or (j > 0 and tokens[j - 1].text == ",")
    return Name(name, start, end, j, stopped_at_verb, ended_with_comma)


def _strong_head_at(tokens: list[Token], i: int) -> bool:
    """A head that starts a new body in a list: capitalised ("UBND", "Sở A") or plural
    ("các cơ quan"); a bare "đơn vị" after a comma continues the group before it."""
    if not head_at(tokens, i):
        return False
    return tokens[i].text[0].isupper() or tokens[i].lower in _PLURAL_FIRST


def _joint_office(segment: list[Token]) -> bool:
    """ "Văn phòng HĐND", "Văn phòng Đoàn ĐBQH" before "và …": the office serves both
    bodies ("Văn phòng HĐND và UBND huyện"); no place word yet closes its name."""
    words = [t.lower for t in segment if t.is_word]
    return words[:2] == ["văn", "phòng"] and not any(w in LOCALITY_WORDS for w in words[2:])


def split_agencies(name: str) -> list[str]:
    """Split a list of bodies at commas or "và" that begin a new head, keeping group
    names whole: "Văn phòng UBND tỉnh, UBND các huyện, thị xã, thành phố" → two."""
    tokens = tokenize(name)
    cuts = [0]
    for k, t in enumerate(tokens):
        if k == 0:
            continue
        if (t.text in {",", ";"} or t.lower == "và") and _strong_head_at(tokens, k + 1):
            if t.lower == "và" and _joint_office(tokens[cuts[-1] : k]):
                continue  # "Văn phòng HĐND và UBND huyện" is one office
            cuts.append(k)
    parts = []
    for a, b in zip(cuts, [*cuts[1:], len(tokens)], strict=True):
        seg = tokens[a:b]
        while seg and (seg[0].text in {",", ";"} or seg[0].lower == "và"):
            seg = seg[1:]
        if not seg:
            continue
        part = name[seg[0].start : seg[-1].end].strip(" ,;")
        if part:
            parts.append(part)
    return parts


_COOP_RE = re.compile(
    r"\bphối hợp(?:\s+(?:chặt chẽ|tốt|thường xuyên|hiệu quả))?\s+(?:với|cùng)\s+", re.IGNORECASE
)
_LEAD_VERB_RE = re.compile(
    r"\s*,?\s*(?:chủ trì|làm đầu mối|là đầu mối|"
    r"là cơ quan (?:chủ trì|đầu mối|thường trực)[^,;:]*)(?=[\s,;:.]|$)",
    re.IGNORECASE,
)
# "có trách nhiệm hướng dẫn …" names the work after it; "chịu trách nhiệm trước Chủ tịch
# về …" is itself the work, so it stays.
_RESPONSIBLE_RE = re.compile(
    r"\s*,?\s*(?:có|chịu)\s+trách nhiệm(?=\s*(?:[,:;]|$))|"
    r"\s*,?\s*(?:có|chịu)\s+trách nhiệm\s+(?=\w)",
    re.IGNORECASE,
)


def _cooperating_at(text: str, pos: int) -> tuple[list[str], int]:
    """Agencies named at ``pos`` (right after "phối hợp với"), and where they end."""
    name, _ = read_name(_win(text, pos))
    if name is not None:
        return split_agencies(name.text), pos + name.end
    # No known head ("phối hợp với doanh nghiệp viễn thông"): take a short phrase as is.
    m = re.match(r"[^,;:.()]{2,80}", _win(text, pos))
    if not m:
        return [], pos
    words = m.group().split()
    cut = len(words)
    toks = tokenize(m.group())
    for k in range(len(toks)):
        if k and (verb_at(toks, k) or toks[k].lower in PREPOSITIONS):
            cut = len(m.group()[: toks[k].start].split())
            break
    if cut == 0 or cut > 8:
        return [], pos
    phrase = " ".join(words[:cut])
    return [phrase], pos + len(m.group()[: toks[-1].end]) if cut == len(words) else pos


def find_cooperating(text: str, start: int = 0) -> list[str]:
    """Every body named after "phối hợp với" in ``text[start:]``, in order, once each."""
    out: list[str] = []
    for m in _COOP_RE.finditer(text, start):
        for a in _cooperating_at(text, m.end())[0]:
            if a not in out:
                out.append(a)
    return out


@dataclass
class LeadClause:
    """The opening of an item: who leads, who cooperates, and where the work begins."""

    lead: str | None = None
    cooperating: list[str] = field(default_factory=list)
    rest: int = 0  # index in the clean text where the task wording starts
    how: str = ""


_GIAO_START_RE = re.compile(r"(?:đồng thời,?\s*)?giao(?:\s+nhiệm vụ)?(?:\s+cho)?\s+", re.IGNORECASE)
_REQUEST_START_RE = re.compile(r"(?:đề nghị|yêu cầu|kiến nghị|đề xuất)\s+", re.IGNORECASE)
_CHU_TRI_START_RE = re.compile(r"chủ trì\s*,?\s*", re.IGNORECASE)


def _after_lead(text: str, pos: int, clause: LeadClause) -> LeadClause:
    """Consume "chủ trì", "phối hợp với …" and punctuation after a lead name."""
    m = re.match(r"\s*\([^()]*\)", _win(text, pos))
    if m:  # "Sở A (cơ quan thường trực Ban Chỉ đạo) đôn đốc …"
        pos += m.end()
    while True:
        m = _LEAD_VERB_RE.match(text, pos)
        if m:
            pos = m.end()
            continue
        m = _RESPONSIBLE_RE.match(text, pos)
        if m:
            tokens = tokenize(_win(text, m.end()), 40)
            if (
                m.group().rstrip().endswith("nhiệm")
                and tokens
                and tokens[0].is_word
                and not (verb_at(tokens, 0))
            ):
                break
            pos = m.end()
            continue
        break
    m = re.match(r"\s*,?\s*", _win(text, pos))
    probe = pos + (m.end() if m else 0)
    m = _COOP_RE.match(text, probe)
    if m:
        agencies, end = _cooperating_at(text, m.end())
        clause.cooperating.extend(a for a in agencies if a not in clause.cooperating)
        pos = end
    m = re.match(r"[\s,:;\-–]*", _win(text, pos))
    clause.rest = pos + (m.end() if m else 0)
    return clause


def parse_lead_clause(text: str, *, inherited: bool) -> LeadClause:
    """Read who leads from the opening of an item's clean text.

    Forms, in order: "Giao X …", "Đề nghị/Yêu cầu X …" (only when no section lead is
    inherited: under "Sở A tham mưu ban hành:" a sub-item "Đề nghị HĐND …" is the
    content Sở A drafts, not an assignment), "X chủ trì/khẩn trương/…", "X: …", and
    "Chủ trì, phối hợp với Y …" (lead inherited, Y cooperates).
    """
    m = _GIAO_START_RE.match(text)
    if m:
        name, _ = read_name(_win(text, m.end()))
        if name is not None:
            clause = LeadClause(lead=name.text, how="giao")
            return _after_lead(text, m.end() + name.end, clause)
    if not inherited:
        m = _REQUEST_START_RE.match(text)
        if m:
            name, _ = read_name(_win(text, m.end()))
            if name is not None:
                clause = LeadClause(lead=name.text, how="request")
                return _after_lead(text, m.end() + name.end, clause)
    m = _CHU_TRI_START_RE.match(text)
    if m and _COOP_RE.match(text, m.end()):
        # No name to strip: the item reads as written ("Chủ trì, phối hợp với B hoàn thiện
        # …"); only the cooperating bodies are taken from it.
        clause = _after_lead(text, 0, LeadClause(how="chu_tri"))
        clause.rest = 0
        return clause
    name, tokens = read_name(text)
    if name is not None:
        stop = tokens[name.stop] if name.stop < len(tokens) else None
        if stop is None or name.stopped_at_verb or stop.text == ":" or name.ended_with_comma:
            clause = LeadClause(lead=name.text, how="subject")
            return _after_lead(text, name.end, clause)
    return LeadClause(rest=0)


_ROLE_RE = re.compile(r"\b(?:vai trò|trách nhiệm)\b[^.;:]{0,40}?\bcủa\s+", re.IGNORECASE)
_PAREN_LEAD_RE = re.compile(r"\(([^()]{3,300})\)")
_LABEL_LEAD_RE = re.compile(
    r"(?:cơ quan|đơn vị)\s+(?:chủ trì|thực hiện|thực hiện chính)\s*:\s*|(?<![\w])chủ trì\s*:\s*",
    re.IGNORECASE,
)
_LABEL_COOP_RE = re.compile(r"(?:(?:cơ quan|đơn vị)\s+)?phối hợp\s*:\s*", re.IGNORECASE)


def explicit_lead(text: str) -> LeadClause | None:
    """A lead stated inside the item rather than at its start: "(Sở A chủ trì, phối hợp
    với B)", "Cơ quan chủ trì: Sở A; Cơ quan phối hợp: B" — the usual form in plans."""
    m = _LABEL_LEAD_RE.search(text)
    if m:
        name, _ = read_name(_win(text, m.end()))
        if name is not None:
            clause = LeadClause(lead=name.text, how="label")
            mc = _LABEL_COOP_RE.search(text, m.end() + name.end)
            if mc:
                clause.cooperating.extend(_cooperating_at(text, mc.end())[0])
            return clause
    for pm in _PAREN_LEAD_RE.finditer(text):
        inner = pm.group(1).strip()
        at_end = pm.end() >= len(text.rstrip(" .;,"))
        if at_end:
            # "… hoàn thiện quy chế (Sở Nội vụ, Văn phòng UBND tỉnh)." — bodies alone in the
            # closing brackets are the ones assigned, as written.
            tokens = tokenize(inner)
            name = scan_name(inner, tokens, 0) if tokens else None
            if name is not None and not inner[name.end :].strip(" .;,"):
                return LeadClause(lead=name.text, how="paren")
        gm = _GIAO_START_RE.match(inner)
        offset = gm.end() if gm else 0
        tokens = tokenize(inner[offset:])
        name = scan_name(inner[offset:], tokens, 0) if tokens else None
        if name is None:
            continue
        after = inner[offset + name.end :]
        if gm or re.match(r"\s*,?\s*(?:chủ trì|thực hiện|có trách nhiệm)\b", after, re.I):
            clause = LeadClause(lead=name.text, how="paren")
            clause.cooperating.extend(find_cooperating(inner))
            return clause
    return None


def role_lead(text: str) -> str | None:
    """ "… phát huy vai trò, trách nhiệm của Ban Chỉ đạo X …": the body whose role the
    item is about leads it (only read from the first sentence)."""
    first = re.split(r"[.;]\s", text, maxsplit=1)[0]
    m = _ROLE_RE.search(first)
    if not m:
        return None
    tokens = tokenize(first[m.end() :])
    name = scan_name(first[m.end() :], tokens, 0) if tokens else None
    return name.text if name else None
