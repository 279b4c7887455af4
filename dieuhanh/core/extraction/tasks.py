"""Tasks (nhiệm vụ): what is assigned, to whom, with whom, by when.

Decisions, in the order a careful official makes them:

* **Where tasks are.** Sections about results, difficulties, causes, aims or grounds
  ("I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Đánh giá chung") hold none; sections about directions and
  tasks ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ", "Tổ chức thực hiện") do. A heading is judged by
  the first such keyword in its opening words; a heading with neither inherits. Outside
  any marked section, notices and plans assign work, reports do not. An appendix after
  the signature holds tasks only when its title names them ("PHỤ LỤC … NHIỆM VỤ", an
  attached "KẾ HOẠCH"); a member list does not.
* **What is not a task.** Statements of fact ("Năm 2024, tỷ lệ … chỉ đạt …", "Trong quý
  III, các cơ quan đã …", "Ban Thường vụ đánh giá cao …"), pointers ("Các nhiệm vụ cụ
  thể tại Phụ lục …"), a decision's own articles ("Điều 1. Thành lập …", "Quyết định này
  có hiệu lực …", "… chịu trách nhiệm thi hành Quyết định này") and introductions of a
  table ("2. Để hoàn thành …, giao các cơ quan … các nhiệm vụ sau:").
* **What is one task.** Each bullet or numbered item that does not itself introduce
  sub-items. An item introduces when it ends with ":" or, once its lead clause is read,
  says nothing else ("2. Văn phòng UBND tỉnh"). Unmarked paragraphs after an item belong
  to it, unless they open with an assignment of their own ("Giao Sở Tài chính …").
  Unmarked paragraphs after an introducing ":" are one task each (the list lost its
  bullets, as automatic numbering does when a file is turned into text).
* **Who leads.** The item's own opening ("Sở A chủ trì …", "Giao Sở A …", "Sở A: …",
  after a topic label: "Phát triển hạ tầng số: Sở A chủ trì …"), else a stated lead
  inside it ("(Sở A chủ trì, phối hợp …)", "Cơ quan chủ trì: Sở A"), else an assignment
  sentence inside it, else the lead of the heading above ("1. Sở A:", "Đối với UBND các
  xã", a line "Sở A" with no number), else the body a paragraph introducing the list asks
  ("…, Sở A đề nghị UBND các xã thực hiện các nội dung sau:"), else the body whose "vai
  trò, trách nhiệm" the item is about. Cooperating bodies: those of the heading above
  (while its lead holds) and every "phối hợp với …" in the item.
* **By when.** The first deadline phrase in the item (see :mod:`deadlines`), else the
  deadline of the introducing item above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dieuhanh.core.extraction.agencies import (
    LeadClause,
    explicit_lead,
    find_cooperating,
    head_at,
    parse_lead_clause,
    read_name,
    role_lead,
    split_agencies,
    tokenize,
    verb_at,
)
from dieuhanh.core.extraction.deadlines import Deadline, find_deadline, is_recurring
from dieuhanh.core.extraction.layout import Block, Layout, Node, row_cells
from dieuhanh.core.extraction.lexicon import (
    NON_TASK_OPENINGS,
    SECTION_NEGATIVE,
    SECTION_POSITIVE,
)
from dieuhanh.core.extraction.model import Task
from dieuhanh.core.extraction.textutil import Clean, Source, collapse, is_caps_line

__all__ = ["extract_tasks"]

_TOPIC_RE = re.compile(r"^(?:Về|về|Đối với|đối với)\s+[^:;.]{1,160}?:\s*")
_HEADING_FILLER_RE = re.compile(
    r"^(?:về|đối với|công tác|một số|những|các|ý kiến)\s+", re.IGNORECASE
)
_GIAO_RE = re.compile(r"(?<![\w])(?:giao|Giao|GIAO)(?:\s+nhiệm vụ)?(?:\s+cho)?\s+")
_GIAO_BLOCKERS = {"được", "bàn", "chuyển", "đã", "giao", "nhận"}
_STRONG_VERB_RE = re.compile(
    r"\s*,?\s*(?:chủ trì|có trách nhiệm|chịu trách nhiệm|khẩn trương|phải|cần|tập trung|"
    r"tiếp tục|chủ động|tham mưu|thực hiện|triển khai)\b",
    re.IGNORECASE,
)
_HEADER_LINE_RE = re.compile(
    r"^(?:Số\b|[^,]{2,40},\s*ngày\b|Độc lập|CỘNG HÒA|V/v\b|Kính gửi)", re.IGNORECASE
)
_WEAK_VERB_RE = re.compile(
    r"\s*,?\s*(?:là|có|được|đã|đang|sẽ|không|chưa|báo cáo|cho|tham dự|tham gia)\b",
    re.IGNORECASE,
)
_REQUEST_RE = re.compile(r"^(?:Đề nghị|Yêu cầu|Kiến nghị|đề nghị|yêu cầu|kiến nghị)\s+")
_INTRO_END_RE = re.compile(
    r"(?::|\bnhư sau|\bsau đây|\bcụ thể|\bcác nội dung|\bcác nhiệm vụ|\bnội dung sau)\s*$",
    re.IGNORECASE,
)
_CONTENT_HEAD_RE = re.compile(r"nội dung|nhiệm vụ|công việc|tên", re.IGNORECASE)
_LEAD_HEAD_RE = re.compile(
    r"chủ trì|(?:đơn vị|cơ quan)\s+(?:thực hiện|thực hiện chính|được giao)", re.IGNORECASE
)
_COOP_HEAD_RE = re.compile(r"phối hợp", re.IGNORECASE)
_UNIT_HEAD_RE = re.compile(r"đơn vị tính|\bđvt\b", re.IGNORECASE)
_DEADLINE_HEAD_RE = re.compile(r"thời gian|thời hạn|hoàn thành|tiến độ|thời điểm", re.IGNORECASE)


@dataclass
class Context:
    """What an item inherits from the headings above it."""

    eligible: bool
    lead: str | None = None
    cooperating: list[str] = field(default_factory=list)
    deadline: Deadline | None = None


@dataclass
class _Unit:
    """Text gathered for one candidate task: source ranges and its clean view."""

    ranges: list[tuple[int, int]]
    clean: Clean


def _classify(heading: str) -> bool | None:
    """``False`` for a results/aims heading, ``True`` for a tasks heading, ``None`` when
    it says neither. Only the opening words count: "Kết quả thực hiện nhiệm vụ" is about
    results, "Nhiệm vụ … báo cáo kết quả" about tasks. A heading that names a body ("BAN
    CHỈ ĐẠO …", "2. Sở Tài chính:") says neither."""
    tokens = tokenize(heading)
    if tokens and head_at(tokens, 0):
        return None
    h = collapse(heading).lower().strip(" .:*")
    for _ in range(3):
        h2 = _HEADING_FILLER_RE.sub("", h)
        if h2 == h:
            break
        h = h2
    opening = " ".join(h.split()[:8])
    best: tuple[int, bool] | None = None
    for kw in SECTION_NEGATIVE:
        i = opening.find(kw)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, False)
    for kw in SECTION_POSITIVE:
        i = opening.find(kw)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, True)
    return None if best is None else best[1]


def _heading_like(text: str) -> bool:
    """A line that names a topic or a body rather than states work: short and without
    a sentence end ("1. Đánh giá chung", "3. Văn phòng UBND tỉnh")."""
    t = text.strip().rstrip("*_ ")
    return len(re.findall(r"\w+", t)) <= 15 and not t.endswith((".", ";", "!", "?"))


_GROUNDS_RE = re.compile(r"^căn cứ\b", re.IGNORECASE)
_CLAUSE_COMMA_RE = re.compile(r",\s+")
# "Phát triển hạ tầng số: Sở A chủ trì …": a short topic before a colon, then the
# assignment. (Labels that are themselves fields — "Cơ quan chủ trì:", "Thời gian:" —
# are read by :func:`explicit_lead` and the deadline rules instead.)
_LABEL_RE = re.compile(r"^([^:;.()]{3,120}?):\s+")
_FIELD_LABEL_RE = re.compile(
    r"chủ trì|phối hợp|thời gian|thời hạn|tiến độ|sản phẩm|kinh phí|nguồn", re.IGNORECASE
)
# Assessments and acknowledgements said by the body that speaks ("Ban Thường vụ đánh giá
# cao …"), and narration in the past tense ("UBND huyện đã ban hành …"), are not work.
_STATEMENT_RE = re.compile(
    r"^(?:đã|đánh giá cao|ghi nhận|biểu dương|hoan nghênh|nhất trí|cơ bản nhất trí|"
    r"thống nhất|cơ bản thống nhất|đồng ý|chấp thuận|khen ngợi)\b",
    re.IGNORECASE,
)
# "Năm 2024, tỷ lệ … chỉ đạt 28,6%": a sentence opened by a past period states a fact.
_PAST_PERIOD_RE = re.compile(
    r"^(?:trong\s+|qua\s+)?(?:(?:\d{1,2}|sáu|chín)\s+tháng\s+(?:đầu\s+|cuối\s+)?)?"
    r"(?:năm|quý\s+[IVX\d]+(?:\s*[/.\-]\s*|\s+năm\s+))\s*(\d{4})\s*,",
    re.IGNORECASE,
)
# The standing articles of a decision: when it takes effect, who executes it.
_FORMULA_RE = re.compile(
    r"\b(?:có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ|thi hành\s+(?:Quyết định|Nghị quyết|"
    r"Chỉ thị|Quy định|Quy chế)\s+này|thay thế\s+(?:Quyết định|Kế hoạch)\s+số)",
    re.IGNORECASE,
)
# A time adverbial opening a sentence ("Trong quý III, …", "Thời gian qua, …").
_TIME_OPENING_RE = re.compile(
    r"^(?:trong|qua|từ đầu năm(?:\s+\d{4})?\s+đến nay|thời gian qua|năm qua|vừa qua)?\s*"
    r"(?:(?:\d{1,2}|sáu|chín|ba)\s+tháng(?:\s+(?:đầu|cuối))?(?:\s+năm)?|quý\s+[IVX\d]+|"
    r"tháng\s+\d{1,2}|năm)?(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?\s*,\s*",
    re.IGNORECASE,
)
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# "Các nhiệm vụ cụ thể được phân công tại Phụ lục …", "(Kèm theo Kế hoạch số …)": pointers.
_POINTER_RE = re.compile(
    r"^\(?\s*(?:(?:ban hành\s+)?kèm theo|chi tiết (?:tại|theo|có))\b"
    r"|^(?:các\s+)?(?:nhiệm vụ|nội dung|giải pháp)\b[^.;:]{0,80}?"
    r"\b(?:tại|theo|trong)\s+(?:các\s+)?(?:phụ lục|biểu|danh mục)",
    re.IGNORECASE,
)
# An introduction that names who is asked ("…, Sở A đề nghị UBND các xã quan tâm thực
# hiện một số nội dung sau:"): the list after it is theirs.
_INTRO_ASK_RE = re.compile(
    r"(?<![\w])(?:đề nghị|yêu cầu|giao(?:\s+nhiệm vụ)?(?:\s+cho)?)\s+(?!của\b)",
    re.IGNORECASE,
)


_NON_TASK_INDEX: dict[str, list[tuple[str, ...]]] = {}
for _p in NON_TASK_OPENINGS:
    _NON_TASK_INDEX.setdefault(_p[0], []).append(_p)


def _opening_is_non_task(text: str) -> bool:
    """Acknowledgements, decisions and grounds: "Ghi nhận …", "Thống nhất …", "Căn cứ
    Nghị định số …;" — but "Căn cứ Kế hoạch này, xây dựng …" assigns work after its
    comma."""
    words = tuple(w.lower() for w in re.findall(r"\w+", text[:80]))
    if words and any(words[: len(p)] == p for p in _NON_TASK_INDEX.get(words[0], ())):
        return True
    if _POINTER_RE.match(text):
        return True
    if _GROUNDS_RE.match(text):
        for m in _CLAUSE_COMMA_RE.finditer(text):
            tokens = tokenize(text[m.end() : m.end() + 40])
            if tokens and verb_at(tokens, 0):
                return False
        return True
    return False


def _topic_end(text: str) -> int:
    """End of a topic label that opens an item ("Về hạ tầng số: …", "Phát triển dữ liệu
    số: Các sở, ngành …"), or 0. A label counts only when an assignment follows it."""
    m = _TOPIC_RE.match(text)
    if m:
        return m.end()
    m = _LABEL_RE.match(text)
    if m is None or len(m.group(1).split()) > 15 or _FIELD_LABEL_RE.search(m.group(1)):
        return 0
    if re.search(r"\d{1,2}\s*/\s*\d{1,2}", m.group(1)):
        return 0  # a date is not a topic
    tokens = tokenize(m.group(1))
    if tokens and head_at(tokens, 0):
        return 0  # "Sở Y tế: …" names the lead itself
    after = text[m.end() :]
    clause = parse_lead_clause(after, inherited=False)
    if clause.lead is not None and clause.how in {"giao", "request", "subject"}:
        return m.end()
    return 0


_APPENDIX_TASKS_RE = re.compile(
    r"nhiệm vụ|giải pháp|phân công|kế hoạch|chương trình|đề án|lộ trình|công việc", re.IGNORECASE
)
# The articles of a decision that perform its act ("Điều 1. Thành lập …", "Ban hành …")
# or describe a body's mandate ("Ban Chỉ đạo có nhiệm vụ …") are not assignments.
_DECISION_ACT_RE = re.compile(
    r"^(?:thành lập|ban hành|phê duyệt|kiện toàn|công bố|bãi bỏ|sửa đổi|bổ sung|thay thế|"
    r"quy định|giao chỉ tiêu)\b|^[^.;:]{0,80}?\bcó\s+(?:chức năng|nhiệm vụ|quyền hạn)\b",
    re.IGNORECASE,
)
_ADDRESSEE_RE = re.compile(r"^(?:đối với|riêng|về phía|giao cho)\s+", re.IGNORECASE)


def _addressee(text: str) -> LeadClause | None:
    """A heading that only names who the items below are for: "1. Đối với UBND các xã,
    phường", "Riêng Sở Y tế:"."""
    m = _ADDRESSEE_RE.match(text)
    if m is None:
        return None
    name, _ = read_name(text[m.end() :])
    if name is None or text[m.end() + name.end :].strip(" :.;*"):
        return None
    return LeadClause(lead=name.text, how="addressee", rest=len(text))


def _is_statement(rest: str) -> bool:
    return bool(_STATEMENT_RE.match(rest.lstrip(" ,:;")))


def _intro_lead(text: str) -> LeadClause | None:
    """Who an introducing paragraph asks to do the list that follows it (the last
    "đề nghị/yêu cầu/giao X" of its last sentence), or ``None``."""
    if not _INTRO_END_RE.search(text):
        return None
    own = parse_lead_clause(text, inherited=False)
    if own.lead is not None and own.how in {"subject", "giao"}:
        # "Sở A chủ trì thực hiện các nhiệm vụ sau:" / "Giao Sở A thực hiện:"
        return own
    last_sentence = re.split(r"(?<=[.;])\s+", text.rstrip())[-1]
    offset = len(text.rstrip()) - len(last_sentence)
    found: LeadClause | None = None
    for m in _INTRO_ASK_RE.finditer(last_sentence):
        before = last_sentence[: m.start()].split()
        if before and before[-1].lower() in {"theo", "xét", "được"}:
            continue
        name, _ = read_name(last_sentence[m.end() :])
        if name is None:
            continue
        clause = LeadClause(lead=name.text, how="intro")
        found = _after_intro(text, offset + m.end() + name.end, clause)
    return found


def _after_intro(text: str, pos: int, clause: LeadClause) -> LeadClause:
    clause.cooperating = find_cooperating(text[pos : pos + 300])
    clause.rest = pos
    return clause


def _tidy(text: str) -> str:
    t = text.strip(" ,;:-–")
    if t.endswith("./."):
        t = t[:-2]
    return t


def _table_columns(texts: list[str]) -> dict[str, int] | None:
    """Column roles from a header row, or ``None`` when the row is not a task header."""
    roles: dict[str, int] = {}
    for k, c in enumerate(texts):
        if "content" not in roles and _CONTENT_HEAD_RE.search(c) and not _LEAD_HEAD_RE.search(c):
            roles["content"] = k
        elif "lead" not in roles and _LEAD_HEAD_RE.search(c):
            roles["lead"] = k
        elif "coop" not in roles and _COOP_HEAD_RE.search(c):
            roles["coop"] = k
        elif "deadline" not in roles and _DEADLINE_HEAD_RE.search(c):
            roles["deadline"] = k
    if any(_UNIT_HEAD_RE.search(c) for c in texts) and "deadline" not in roles:
        return None  # "Chỉ tiêu | Đơn vị tính | Năm 2025": targets, not tasks
    return roles if "content" in roles and len(roles) >= 2 else None


class _Extractor:
    def __init__(self, source: Source, layout: Layout, reference: date | None) -> None:
        self.source = source
        self.layout = layout
        self.reference = reference
        self.tasks: list[Task] = []
        self._seen: set[tuple[int, int]] = set()

    # -- building blocks -------------------------------------------------------------

    def unit(self, ranges: list[tuple[int, int]]) -> _Unit:
        return _Unit(ranges, self.source.clean(ranges))

    def emit(
        self,
        unit: _Unit,
        text_start: int,
        lead: str | None,
        cooperating: list[str],
        inherited_deadline: Deadline | None,
        span_start: int = 0,
        text_end: int | None = None,
    ) -> None:
        clean = unit.clean
        end = len(clean.text) if text_end is None else text_end
        body = clean.text[text_start:end]
        lead_trim = len(body) - len(body.lstrip(" ,;:-–"))
        text = _tidy(body)
        if len(re.findall(r"\w+", text)) < 2:
            return
        own = clean.text[min(span_start, text_start) : end]
        deadline = find_deadline(own, self.reference)
        if deadline is None:
            deadline = inherited_deadline
        recurring = deadline is None and is_recurring(own)
        s, e = clean.span(min(span_start, text_start + lead_trim), end)
        span = self.source.to_original(s, e)
        if span in self._seen:
            return
        self._seen.add(span)
        coop: list[str] = []
        for c in cooperating:
            if c not in coop and c != lead:
                coop.append(c)
        self.tasks.append(
            Task(
                text=text,
                lead=lead,
                cooperating=coop,
                deadline=deadline.date if deadline else None,
                deadline_text=deadline.text if deadline else None,
                span=span,
                recurring=recurring,
            )
        )

    def giao_sentences(self, text: str) -> list[tuple[int, LeadClause]]:
        """Assignment sentences inside a text: "… Giao Sở Tài chính chủ trì, phối hợp với
        … rà soát …" → (where the sentence starts, its lead clause)."""
        out = []
        for m in _GIAO_RE.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()].split()
            if before and before[-1].lower().strip(",") in _GIAO_BLOCKERS:
                continue
            sub = text[m.start() : m.start() + 1000]
            clause = parse_lead_clause(sub, inherited=True)
            if clause.how != "giao" or clause.lead is None:
                continue
            # Re-anchor the clause on the whole text.
            clause.rest += m.start()
            start = m.start()
            # A "X giao Y" sentence starts at its subject, for the evidence span.
            floor = max(0, start - 2000)
            sentence_start = max(
                text.rfind(". ", floor, start),
                text.rfind("; ", floor, start),
                text.rfind(": ", floor, start),
            )
            out.append((sentence_start + 2 if sentence_start >= 0 else 0, clause))
        return out

    def emit_assignments(
        self, unit: _Unit, giao: list[tuple[int, LeadClause]], ctx: Context
    ) -> None:
        """One task for each assignment sentence of a text, each running to the next
        ("… Giao Sở A …; giao Sở B …")."""
        text = unit.clean.text
        for k, (start, clause) in enumerate(giao):
            end = giao[k + 1][0] if k + 1 < len(giao) else len(text)
            coop = [*clause.cooperating, *find_cooperating(text[clause.rest : end])]
            self.emit(unit, clause.rest, clause.lead, coop, ctx.deadline, start, end)

    def assignment_opening(self, text: str, *, strict: bool) -> LeadClause | None:
        """Does a paragraph open with an assignment of its own ("Giao Sở A …", "Đề nghị
        B …", "Văn phòng UBND tỉnh theo dõi …")? ``strict`` asks for a verb that can only
        assign ("chủ trì", "khẩn trương"), for paragraphs outside any item, where "Ban
        Chỉ đạo tổ chức cuộc họp" narrates."""
        clause = parse_lead_clause(text, inherited=False)
        if clause.lead is None:
            return None
        if clause.how in {"giao", "request"}:
            return clause
        if clause.how == "subject":
            name, tokens = read_name(text)
            if name is None:
                return None
            if strict:
                return clause if _STRONG_VERB_RE.match(text, name.end) else None
            if name.stop < len(tokens) and tokens[name.stop].text == ":":
                return clause
            if name.stopped_at_verb and not _WEAK_VERB_RE.match(text, name.end):
                return clause
            if name.stopped_at_verb and find_deadline(text, self.reference) is not None:
                return clause  # "Các cơ quan báo cáo kết quả … trước ngày 25/11/2025."
        return None

    # -- items ------------------------------------------------------------------------

    def leaf(self, node: Node, ctx: Context) -> None:
        """An item without sub-items: one task, or the tasks of its assignment sentences,
        or (when it ends with ":") an introduction to the paragraphs that follow it."""
        assert node.block is not None
        if node.kind == "dieu" and _DECISION_ACT_RE.search(
            self.source.clean(node.block.ranges).text
        ):
            return
        groups: list[list[tuple[int, int]]] = [list(node.block.ranges)]
        list_mode = False
        own = self.source.clean(node.block.ranges).text
        intro = bool(node.paras) and (bool(_INTRO_END_RE.search(own)) or _heading_like(own))
        for para in node.paras:
            ptext = self.source.clean(para.ranges).text
            if intro or list_mode:
                groups.append(list(para.ranges))
                list_mode = True
                continue
            if self.assignment_opening(ptext, strict=False) is not None:
                groups.append(list(para.ranges))
            else:
                groups[-1].extend(para.ranges)
        if intro:
            # "1. Đánh giá chung" / "2. Sở Y tế:" followed by plain paragraphs: a heading
            # whose list lost its bullets.
            head = groups.pop(0)
            child_ctx = self.intro_context(self.unit(head), ctx)
            if not ctx.eligible and child_ctx.eligible and _classify(own) is not True:
                child_ctx.eligible = False
            for g in groups:
                self.item_task(self.unit(g), child_ctx)
            return
        for g in groups:
            self.item_task(self.unit(g), ctx)

    def intro_context(self, unit: _Unit, ctx: Context, *, judge: bool = True) -> Context:
        """What an introducing item passes down: whether its topic holds tasks, its lead
        (or the one above), the bodies it cooperates with, and its deadline."""
        text = unit.clean.text
        topic_end = _topic_end(text)
        verdict = _classify(text[:topic_end] if topic_end else text) if judge else None
        eligible = ctx.eligible if verdict is None else verdict
        clause = _addressee(text) or parse_lead_clause(
            text[topic_end:], inherited=ctx.lead is not None
        )
        lead, coop = ctx.lead, list(ctx.cooperating)
        if clause.lead is not None:
            lead, coop = clause.lead, list(clause.cooperating)
        else:
            coop.extend(c for c in clause.cooperating if c not in coop)
        deadline = find_deadline(text, self.reference) or ctx.deadline
        return Context(eligible, lead, coop, deadline)

    def states_a_fact(self, text: str) -> bool:
        """ "Năm 2024, tỷ lệ … chỉ đạt 28,6%", "Trong quý III, các cơ quan đã …": a sentence
        opened by a period already over, or whose subject is followed by the past tense;
        and the standing articles of a decision ("Quyết định này có hiệu lực …")."""
        if _FORMULA_RE.search(text[:300]):
            return True
        m = _PAST_PERIOD_RE.match(text)
        if m is not None and self.reference is not None:
            return int(m.group(1)) < self.reference.year
        t = _TIME_OPENING_RE.match(text)
        if t is None or not t.group().strip(" ,"):
            return False
        rest = text[t.end() :]
        q = re.match(r"(?i)(?:trong\s+)?quý\s+([IVX\d]+)\s*,", text)
        if q and self.reference is not None and t.group("y") is None:
            quarter = _QUARTERS.get(q.group(1).upper())
            if quarter is not None and 3 * quarter < self.reference.month:
                return True
        clause = parse_lead_clause(rest, inherited=False)
        return clause.lead is not None and _is_statement(rest[clause.rest :])

    def item_task(self, unit: _Unit, ctx: Context) -> None:
        """One item's text (with its continuation paragraphs) → its task(s)."""
        if not ctx.eligible:
            return
        text = unit.clean.text
        topic_end = _topic_end(text)
        if topic_end and _classify(text[:topic_end]) is False and not self.giao_sentences(text):
            return
        body = text[topic_end:]
        giao = self.giao_sentences(text)
        if self.states_a_fact(body) and not giao:
            return
        if _opening_is_non_task(body) or len(giao) >= 2:
            # "Thống nhất … Giao Sở A …" or "Giao Sở A …; giao Sở B …".
            self.emit_assignments(unit, giao, ctx)
            return
        clause = parse_lead_clause(body, inherited=ctx.lead is not None)
        rest = topic_end + clause.rest
        if clause.lead is not None and clause.how == "subject" and _is_statement(text[rest:]):
            self.emit_assignments(unit, giao, ctx)  # "Ban Chỉ đạo thống nhất … Giao Sở A …"
            return
        lead: str | None
        if clause.lead is not None:
            lead = clause.lead
            coop = list(clause.cooperating)
            if clause.how == "request" or lead == ctx.lead:
                coop = [*ctx.cooperating, *coop]
        else:
            lead = ctx.lead
            coop = [*ctx.cooperating, *clause.cooperating]
            stated = explicit_lead(body)
            giao = self.giao_sentences(body)
            if stated is not None:
                lead, coop = stated.lead, list(stated.cooperating)
            elif giao:
                lead, coop = giao[0][1].lead, list(giao[0][1].cooperating)
            elif lead is None:
                lead = role_lead(body)
        coop.extend(find_cooperating(text[rest:]))
        self.emit(unit, rest, lead, coop, ctx.deadline, span_start=0)

    def heading_paras(self, paras: list[Block], ctx: Context, *, positive: bool = False) -> None:
        """Unmarked paragraphs directly under a heading. Under a heading that names tasks
        ("II. NHIỆM VỤ TRONG THỜI GIAN TỚI") each is a task; elsewhere only those after an
        introducing ":" or those that open with an assignment."""
        if not ctx.eligible:
            return
        list_mode = positive
        list_ctx = ctx
        for para in paras:
            unit = self.unit(list(para.ranges))
            text = unit.clean.text
            if _INTRO_END_RE.search(text):
                # A sentence introducing a list ("Căn cứ Kế hoạch …, Ban Chỉ đạo phân công
                # như sau:") is not a heading: its first words do not classify it.
                list_mode = True
                list_ctx = self.intro_context(unit, ctx, judge=_heading_like(text))
                asked = _intro_lead(text)
                if asked is not None and list_ctx.lead in {None, ctx.lead}:
                    list_ctx.lead, list_ctx.cooperating = asked.lead, list(asked.cooperating)
                continue
            if list_mode:
                if not _HEADER_LINE_RE.match(text):
                    self.item_task(unit, list_ctx)
                continue
            clause = self.assignment_opening(text, strict=True)
            if clause is not None:
                self.item_task(unit, ctx)
                continue
            self.emit_assignments(unit, self.giao_sentences(text), ctx)

    def tables(self, blocks: list[Block], ctx: Context) -> None:
        """Task tables: "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian"."""
        if not ctx.eligible or not blocks:
            return
        cols: dict[str, int] | None = None
        for b in blocks:
            s, e = b.ranges[0]
            cells = row_cells(self.source.text, s, e)
            texts = [collapse(self.source.text[cs:ce]).strip("* ") for cs, ce in cells]
            if cols is None:
                cols = _table_columns(texts)
                continue

            def cell(role: str, texts: list[str] = texts, cols: dict[str, int] = cols) -> str:
                k = cols.get(role)
                return texts[k] if k is not None and k < len(texts) else ""

            content = cell("content")
            if not content or re.fullmatch(r"[-\d.\s]*", content):
                continue
            lead_cell, deadline_cell, coop_cell = cell("lead"), cell("deadline"), cell("coop")
            if is_caps_line(content) and not lead_cell and not deadline_cell:
                continue  # a group row: "I | CHÍNH QUYỀN SỐ | | |"
            k = cols["content"]
            unit = self.unit([cells[k]])
            deadline = find_deadline(deadline_cell, self.reference, bare=True)
            if deadline is None:
                deadline = find_deadline(unit.clean.text, self.reference)
            lead = lead_cell or ctx.lead
            coop = split_agencies(coop_cell) if coop_cell else []
            span = self.source.to_original(s, e)
            if span in self._seen:
                continue
            self._seen.add(span)
            self.tasks.append(
                Task(
                    text=_tidy(unit.clean.text) or content,
                    lead=lead or None,
                    cooperating=[c for c in coop if c != lead],
                    deadline=deadline.date if deadline else None,
                    deadline_text=deadline.text if deadline else None,
                    span=span,
                    recurring=deadline is None and is_recurring(deadline_cell or content),
                )
            )

    # -- tree walk --------------------------------------------------------------------

    def walk(self, node: Node, ctx: Context, *, positive: bool = False) -> None:
        """The root or a heading: its own paragraphs, its tables, then its items. Items
        that follow a paragraph introducing them with "đề nghị/giao X …:" are X's."""
        self.heading_paras(node.paras, ctx, positive=positive)
        self.tables(node.tables, ctx)
        intros: list[tuple[int, LeadClause]] = []
        for para in node.paras:
            clause = _intro_lead(self.source.clean(para.ranges).text)
            if clause is not None:
                intros.append((para.start, clause))
        for child in node.children:
            assert child.block is not None
            child_ctx = ctx
            before = [c for start, c in intros if start < child.block.start]
            if before and ctx.eligible:
                clause = before[-1]
                child_ctx = Context(
                    ctx.eligible, clause.lead, list(clause.cooperating), ctx.deadline
                )
            self.visit(child, child_ctx)

    def visit(self, node: Node, ctx: Context) -> None:
        assert node.block is not None
        if node.is_heading and node.kind != "caps" and self.is_sentence_item(node):
            # "I. Tiếp tục đẩy mạnh …" / "III. Giao Thuế tỉnh …": numbered like a section,
            # written like a task.
            if _classify(self.unit(node.block.ranges).clean.text) is not False:
                self.leaf(node, ctx)
            return
        if node.kind == "appendix":
            # "PHỤ LỤC / DANH SÁCH THÀNH VIÊN …" lists people, not work: after the
            # signature only an appendix of tasks or an attached plan holds tasks; its
            # own headings ("DANH MỤC NHIỆM VỤ …") say so.
            unit = self.unit(node.block.ranges)
            eligible = bool(_APPENDIX_TASKS_RE.search(unit.clean.text))
            self.walk(node, Context(eligible, ctx.lead, list(ctx.cooperating), ctx.deadline))
            return
        if node.is_heading:
            unit = self.unit(node.block.ranges)
            verdict = _classify(unit.clean.text)
            child_ctx = Context(
                ctx.eligible if verdict is None else verdict,
                ctx.lead,
                list(ctx.cooperating),
                ctx.deadline,
            )
            if node.kind != "caps":
                clause = _addressee(unit.clean.text) or parse_lead_clause(
                    unit.clean.text, inherited=False
                )
                if clause.lead and clause.how != "request":
                    rest = unit.clean.text[clause.rest :]
                    if not re.findall(r"\w+", rest) or _INTRO_END_RE.search(rest):
                        child_ctx.lead, child_ctx.cooperating = clause.lead, clause.cooperating
            self.walk(node, child_ctx, positive=verdict is True)
            return
        if node.children:
            unit = self.unit(node.block.ranges)
            child_ctx = self.intro_context(unit, ctx)
            text = unit.clean.text
            untopic = text[_topic_end(text) :]
            clause = parse_lead_clause(untopic, inherited=ctx.lead is not None)
            rest = untopic[clause.rest :]
            is_intro = (
                _heading_like(text)
                or not rest.strip()
                or bool(_INTRO_END_RE.search(rest))
                or len(re.findall(r"\w+", rest)) < 4
            )
            if not is_intro and ctx.eligible and child_ctx.eligible:
                self.item_task(unit, ctx)
            for para in node.paras:
                self.item_task(self.unit(list(para.ranges)), child_ctx)
            self.tables(node.tables, child_ctx)
            for child in node.children:
                self.visit(child, child_ctx)
            return
        if node.tables:
            unit = self.unit(node.block.ranges)
            text = unit.clean.text
            if _INTRO_END_RE.search(text) or _heading_like(text):
                # "2. Để hoàn thành …, giao các cơ quan thực hiện các nhiệm vụ sau:" and its
                # table: the rows are the tasks, the introduction is not one.
                child_ctx = self.intro_context(unit, ctx)
                self.tables(node.tables, child_ctx)
                self.heading_paras(node.paras, child_ctx)
                return
        self.leaf(node, ctx)
        self.tables(node.tables, ctx)

    def is_sentence_item(self, node: Node) -> bool:
        assert node.block is not None
        if node.children or node.tables:
            return False
        text = self.unit(node.block.ranges).clean.text.rstrip(" *_")
        if is_caps_line(text) or _INTRO_END_RE.search(text):
            return False
        return text.endswith((".", ";")) and len(re.findall(r"\w+", text)) >= 8


def extract_tasks(
    source: Source, layout: Layout, *, reference: date | None, default_eligible: bool
) -> list[Task]:
    ex = _Extractor(source, layout, reference)
    ex.walk(layout.root, Context(default_eligible))
    ex.tasks.sort(key=lambda t: t.span[0])
    return ex.tasks
