"""Resolve the agencies a document names to the province's units, as they were on a day.

The extractor gives agency names as written ("Sở TT&TT", "Các sở, ban, ngành, UBND các
huyện, thành phố", "các cơ quan liên quan"). A person confirms every assignment, so this
module proposes and explains; it never guesses silently. For each part of a phrase it
says which units, how it found them and how sure it is:

- ``exact``: the unit's name ("Sở Khoa học và Công nghệ", "UBND huyện Tràng Định");
- ``abbreviation``: a short name or a usual abbreviation ("Sở KH&CN", "VP UBND tỉnh");
- ``group``: a phrase that stands for many units — "Các sở, ban, ngành" (every department
  valid that day), "UBND các huyện, thành phố" (every district), "UBND các xã, phường,
  thị trấn" (every commune);
- ``successor``: a unit that had ended by that day, followed through its lineage to the
  unit that took it over ("Sở Thông tin và Truyền thông" → "Sở Khoa học và Công nghệ"
  from 1/3/2025).

What it cannot place is flagged, with the phrase and a note: ``unresolved`` (no unit of
that name), ``not_a_unit`` (vague: "các cơ quan liên quan", a steering committee),
``ambiguous`` (several units fit; they are offered as suggestions), ``ended`` (the unit
no longer existed and has no single successor — the districts after 1/7/2025),
``not_yet`` (established later), ``partial`` (only the beginning of the phrase matched),
``other_province`` (the phrase or the document belongs to another province).

Matching ignores case, diacritics, punctuation and spacing, and knows the usual
abbreviations (UBND, HĐND, VP, TP, "&" in short names).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from dieuhanh.core.vnformat import format_date
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

__all__ = [
    "Confidence",
    "Flag",
    "Match",
    "Method",
    "PhraseResolution",
    "UnitResolver",
    "fold",
    "foreign_province",
    "province_issuer",
    "province_key",
]


class Method(StrEnum):
    EXACT = "exact"
    ABBREVIATION = "abbreviation"
    GROUP = "group"
    SUCCESSOR = "successor"
    NONE = "none"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Flag(StrEnum):
    UNRESOLVED = "unresolved"
    NOT_A_UNIT = "not_a_unit"
    AMBIGUOUS = "ambiguous"
    ENDED = "ended"
    NOT_YET = "not_yet"
    PARTIAL = "partial"
    OTHER_PROVINCE = "other_province"


@dataclass(frozen=True)
class Match:
    """One part of a phrase and what it resolved to."""

    text: str
    unit_ids: tuple[int, ...]
    method: Method
    confidence: Confidence
    flag: Flag | None = None
    note: str = ""
    suggestion_ids: tuple[int, ...] = ()

    @property
    def needs_review(self) -> bool:
        return self.flag is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "unit_ids": list(self.unit_ids),
            "method": str(self.method),
            "confidence": str(self.confidence),
            "flag": str(self.flag) if self.flag else None,
            "note": self.note,
            "suggestion_ids": list(self.suggestion_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Match:
        return cls(
            text=data.get("text", ""),
            unit_ids=tuple(data.get("unit_ids", ())),
            method=Method(data.get("method", Method.NONE)),
            confidence=Confidence(data.get("confidence", Confidence.LOW)),
            flag=Flag(data["flag"]) if data.get("flag") else None,
            note=data.get("note", ""),
            suggestion_ids=tuple(data.get("suggestion_ids", ())),
        )


@dataclass(frozen=True)
class PhraseResolution:
    phrase: str
    on: date
    matches: tuple[Match, ...] = ()

    @property
    def unit_ids(self) -> list[int]:
        """Every unit proposed, in order, once each."""
        seen: dict[int, None] = {}
        for m in self.matches:
            for i in m.unit_ids:
                seen.setdefault(i, None)
        return list(seen)

    @property
    def needs_review(self) -> bool:
        return any(m.needs_review for m in self.matches)

    @property
    def flags(self) -> list[Flag]:
        return [m.flag for m in self.matches if m.flag is not None]


# --- normalisation ---------------------------------------------------------------------

# "&" only ever joins an abbreviation ("KH&CN", "KH & CN"); a hyphen does when it is not
# spaced ("LĐ-TB&XH"), but "Lao động - Thương binh" keeps its words apart.
_PUNCT_GLUE = re.compile(r"\s*&\s*|(?<=\w)[-–](?=\w)")
_PUNCT_SPACE = re.compile(r"[^\w\s]")
# Applied to the folded text, word-bounded, in order.
_EXPANSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{a}\b"), b)
    for a, b in (
        (r"uy ban nhan dan", "ubnd"),
        (r"hoi dong nhan dan", "hdnd"),
        (r"van phong", "vp"),
        (r"vpubnd", "vp ubnd"),
        (r"vpub", "vp ubnd"),
        (r"tp", "thanh pho"),
        (r"tx", "thi xa"),
    )
)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), "&" and "-" glued ("KH&CN" → "khcn"), other
    punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    text = _PUNCT_GLUE.sub("", text)
    text = _PUNCT_SPACE.sub(" ", text)
    return " ".join(text.split())


def _key(text: str) -> str:
    key = fold(text)
    for pattern, repl in _EXPANSIONS:
        key = pattern.sub(repl, key)
    return " ".join(key.split())


_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "vp": "van phong",
    "vpubnd": "van phong",
    "vpub": "van phong",
    "tp": "thanh pho",
    "tx": "thi xa",
}


def _abbreviated(text: str, unit: OrgUnit) -> bool:
    """Whether ``text`` abbreviates a word that ``unit``'s full name spells out ("VP UBND
    tỉnh" for "Văn phòng Ủy ban nhân dân tỉnh")."""
    words = set(fold(text).split())
    name = fold(unit.name)
    return any(a in words and full in name for a, full in _ABBREVIATIONS.items())


def _without_va(key: str) -> str:
    return " ".join(w for w in key.split() if w != "va")


# --- phrase patterns -------------------------------------------------------------------

# Titles of people in front of a body: "Thủ trưởng các sở", "Chủ tịch UBND các huyện".
_TITLES = re.compile(
    r"^(?:dong chi |(?:cac )?dong chi )?(?:thu truong|pho giam doc|giam doc|pho chu tich|"
    r"chu tich|lanh dao|nguoi dung dau|chanh)(?: cac)? "
)
_LEADING_CONNECTORS = re.compile(r"^(?:va |cung |voi |phoi hop voi |giao |de nghi |yeu cau )+")
_TRAILING_PLACE = re.compile(r" (?:tren dia ban|tren toan)(?: tinh| toan tinh)?(?: \w+ \w+)?$")

_LOC_DISTRICT = r"(?:huyen|thanh pho|thi xa|quan)"
_LOC_COMMUNE = r"(?:xa|phuong|thi tran|dac khu)"
_GROUP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "department",
        re.compile(
            r"^(?:cac )?(?:so ban nganh|so nganh|so ban|co quan chuyen mon(?: (?:thuoc|truc thuoc)"
            r" ubnd tinh)?|so)(?: (?:tinh|cap tinh|cua tinh|thuoc ubnd tinh))?$"
        ),
    ),
    (
        "district",
        re.compile(
            rf"^(?:ubnd )?(?:cac {_LOC_DISTRICT}(?: {_LOC_DISTRICT})*"
            rf"|huyen(?: {_LOC_DISTRICT})+|cap huyen)$"
        ),
    ),
    (
        "commune",
        re.compile(
            rf"^(?:ubnd )?(?:cac {_LOC_COMMUNE}(?: {_LOC_COMMUNE})*"
            rf"|xa(?: {_LOC_COMMUNE})+|cap xa)$"
        ),
    ),
    ("local", re.compile(r"^(?:ubnd )?cac cap$")),
)
# Bodies that are not units of the tree, or too vague to assign to.
_VAGUE = re.compile(
    r"(?:\blien quan$|^(?:cac )?(?:co quan|don vi|dia phuong|nganh|cap|to chuc|doanh nghiep"
    r"|thanh vien|ca nhan|nguoi dan|doan the|phong ban)\b|^ban chi dao\b|^bcd\b"
    r"|^to (?:giup viec|cong tac|chi dao)\b|^tat ca\b)"
)

# Words that start a new body in a list ("Sở A, Sở B", "UBND các huyện và các xã").
_HEADS = (
    "ubnd",
    "hdnd",
    "uy ban",
    "so",
    "vp",
    "van phong",
    "ban",
    "cac",
    "tat ca",
    "thanh tra",
    "cong an",
    "bo chi huy",
    "tinh doan",
    "bao",
    "dai",
    "trung tam",
    "kho bac",
    "bhxh",
    "bao hiem",
    "cuc",
    "chi cuc",
    "lien doan",
    "hoi",
    "mat tran",
    "ubmttq",
    "vien",
    "vnpt",
    "viettel",
    "buu dien",
    "dien luc",
    "thu truong",
    "giam doc",
    "chu tich",
    "lanh dao",
    "nguoi dung dau",
    "huyen",
    "xa",
    "phuong",
    "thi xa",
    "thi tran",
    "thanh pho",
    "tp",
    "cap",
)
# Words that only continue a group listing ("sở, ban, ngành", "huyện, thành phố").
_LISTING_WORDS = frozenset(
    [
        "ban",
        "nganh",
        "huyen",
        "thanh",
        "pho",
        "thi",
        "xa",
        "tran",
        "phuong",
        "quan",
        "dac",
        "khu",
        "cap",
        "doan",
        "the",
        "dia",
    ]
)
# Place words and how many words they take: "xã Hòa Bình", "thành phố Lạng Sơn".
_LOCALITIES = {"huyen": 1, "xa": 1, "phuong": 1, "tp": 1, "quan": 1}
_LOCALITIES_2 = ("thi tran", "thi xa", "thanh pho", "dac khu")
# Keys that start like a head but are not one ("Thương binh và Xã hội").
_NOT_HEADS = ("xa hoi", "ban hanh", "cac cap lien quan")
_SPLIT_RE = re.compile(r"\s*(?:[,;]|\bvà\b|\bva\b|\bcùng\b)\s*", re.IGNORECASE)

# The centrally-run cities: "thành phố Hà Nội" is another province, "thành phố Lạng Sơn"
# is one of ours.
_CITY_PROVINCES = frozenset(
    {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue", "thua thien hue"}
)
_NOT_PROVINCE_NAMES = frozenset({"doan", "uy", "hoi", "doi", "nha", "ta", "ban", "lo"})
_PROVINCE_RE = re.compile(r"\b(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|TP\.?)\s+((?:\w+\s*){1,4})")


_COMMON_WORDS = frozenset(
    [
        "so",
        "ubnd",
        "cac",
        "va",
        "tinh",
        "huyen",
        "xa",
        "phuong",
        "thi",
        "tran",
        "thanh",
        "pho",
        "ban",
        "vp",
        "cong",
    ]
)
_PARENS = re.compile(r"\([^()]*\)")


def _starts_with_head(key: str) -> bool:
    return any(key == h or key.startswith(h + " ") for h in _HEADS)


def _is_head(piece: str) -> bool:
    """Whether ``piece`` (the text after a comma or "và") begins a new body."""
    key = _key(piece)
    words = key.split()
    if not words or all(w in _LISTING_WORDS for w in words):
        return False  # "sở, ban, ngành", "huyện, thành phố": one group
    if key.startswith(_NOT_HEADS) or not _starts_with_head(key):
        return False
    n = 2 if key.startswith(_LOCALITIES_2) else _LOCALITIES.get(words[0], 0)
    if n:
        # "xã Hòa Bình", "thành phố Lạng Sơn": a place must be followed by its name.
        raw = piece.split()
        return len(raw) > n and raw[n][:1].isupper()
    return True


def _is_place_qualifier(previous: str, piece: str) -> bool:
    """ "UBND xã Hòa Bình, huyện Chi Lăng": the district names where the commune is."""
    prev = _key(previous).removeprefix("ubnd ")
    key = _key(piece)
    return prev.startswith(("xa ", "phuong ", "thi tran ")) and key.startswith(
        ("huyen ", "thanh pho ", "thi xa ")
    )


def split_phrase(phrase: str) -> list[str]:
    """Split a list of bodies where a new body begins, keeping group names whole:
    "Các sở, ban, ngành, UBND các huyện, thành phố" → two parts; "Sở Kế hoạch và Đầu tư"
    → one."""
    pieces: list[str] = []
    seps: list[str] = []
    pos = 0
    for m in _SPLIT_RE.finditer(phrase):
        pieces.append(phrase[pos : m.start()])
        seps.append(m.group().strip())
        pos = m.end()
    pieces.append(phrase[pos:])
    parts = [pieces[0]]
    for sep, piece in zip(seps, pieces[1:], strict=True):
        if sep == ";" or (_is_head(piece) and not _is_place_qualifier(parts[-1], piece)):
            parts.append(piece)
        else:
            glue = sep if sep == "," else f" {sep}"
            parts[-1] = f"{parts[-1]}{glue} {piece}"
    return [" ".join(p.split()).strip(" ,;") for p in parts if p.strip(" ,;")]


def foreign_province(text: str, home_key: str) -> str | None:
    """The name of another province that ``text`` names ("UBND tỉnh Quảng Ngãi" when
    this instance serves Lạng Sơn), or ``None``."""
    for m in _PROVINCE_RE.finditer(text):
        words = m.group(1).split()
        proper = []
        for w in words:
            if not w[:1].isupper():
                break
            proper.append(w)
        if not proper:
            continue
        name = fold(" ".join(proper))
        if name in _NOT_PROVINCE_NAMES:
            continue  # "Tỉnh đoàn", "Tỉnh ủy"
        is_city = m.group(0).lower().startswith(("thành phố", "tp"))
        if is_city and name not in _CITY_PROVINCES:
            continue  # a city inside a province ("thành phố Lạng Sơn")
        if not name.startswith(home_key) and not home_key.startswith(name):
            return " ".join(proper)
    return None


def province_key(province: OrgUnit) -> str:
    """The province's proper name, folded: "Tỉnh Lạng Sơn" → "lang son"."""
    return _key(province.name).removeprefix("tinh ").removeprefix("thanh pho ")


def province_issuer(province: OrgUnit) -> str:
    """How documents name the province's people's committee: "UBND tỉnh Lạng Sơn"."""
    name = province.name
    return f"UBND {name[:1].lower()}{name[1:]}"


# --- the resolver ----------------------------------------------------------------------


@dataclass
class _Alias:
    unit: OrgUnit
    method: Method


@dataclass
class UnitResolver:
    """Every unit of the province (then and now) and its lineage, read once (two
    queries); :meth:`resolve` then works in memory."""

    province: OrgUnit
    units: dict[int, OrgUnit]
    successors: dict[int, list[tuple[int, str, date]]]
    predecessors: dict[int, list[int]]
    aliases: dict[str, list[_Alias]] = field(default_factory=dict)

    @classmethod
    def for_province(cls, province: OrgUnit | None = None) -> UnitResolver:
        from dieuhanh.orgunits.selectors import orgunit_province

        province = province or orgunit_province()
        if province is None:
            raise LookupError("no province loaded")
        units = {u.pk: u for u in OrgUnit.objects.filter(path__startswith=province.path)}
        successors: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
        predecessors: dict[int, list[int]] = defaultdict(list)
        links = OrgUnitLineage.objects.filter(predecessor__path__startswith=province.path)
        for link in links.values_list("predecessor_id", "successor_id", "method", "effective_date"):
            pred, succ, method, day = link
            successors[pred].append((succ, method, day))
            predecessors[succ].append(pred)
        resolver = cls(province, units, dict(successors), dict(predecessors))
        resolver._index()
        return resolver

    # -- index --

    def _add(self, key: str, unit: OrgUnit, method: Method) -> None:
        for k in {key, _without_va(key)}:
            if not k:
                continue
            entries = self.aliases.setdefault(k, [])
            if not any(e.unit.pk == unit.pk for e in entries):
                entries.append(_Alias(unit, method))

    def _index(self) -> None:
        self.home_key = province_key(self.province)
        for unit in self.units.values():
            name = _key(unit.name)
            self._add(name, unit, Method.EXACT)
            if unit.short_name:
                self._add(_key(unit.short_name), unit, Method.ABBREVIATION)
            if unit.kind == OrgUnit.Kind.PROVINCE:
                for k in ("ubnd tinh", f"ubnd {name}", f"ubnd tinh {self.home_key}"):
                    self._add(k, unit, Method.EXACT if k != "ubnd tinh" else Method.ABBREVIATION)
            elif unit.kind in (OrgUnit.Kind.DISTRICT, OrgUnit.Kind.COMMUNE):
                self._add(f"ubnd {name}", unit, Method.EXACT)
                proper = name
                if unit.division_type:
                    proper = name.removeprefix(_key(unit.division_type) + " ")
                if proper != name:
                    # "UBND Tràng Định", "Tràng Định": usual in tables, often ambiguous.
                    self._add(proper, unit, Method.ABBREVIATION)
                    self._add(f"ubnd {proper}", unit, Method.ABBREVIATION)
            elif unit.kind == OrgUnit.Kind.DEPARTMENT:
                code = unit.code.split("-", 1)[-1]
                if code != unit.code:
                    self._add(fold(code), unit, Method.ABBREVIATION)
                if name == "vp ubnd tinh":
                    for k in ("vp ubnd", "vp ubnd tinh", f"vp ubnd tinh {self.home_key}"):
                        self._add(k, unit, Method.ABBREVIATION)

    # -- lookups --

    def _valid(self, unit: OrgUnit, on: date) -> bool:
        return unit.is_valid_on(on)

    def _of_kind_on(self, kind: str, on: date) -> list[OrgUnit]:
        found = [u for u in self.units.values() if u.kind == kind and self._valid(u, on)]
        return sorted(found, key=lambda u: (u.nso_code or u.code, u.name))

    def _successors_on(self, unit_id: int, on: date) -> list[tuple[OrgUnit, str, date]]:
        """Follow lineage forward until units valid on ``on`` (one step per generation)."""
        out: list[tuple[OrgUnit, str, date]] = []
        frontier = [(unit_id, "", date.min)]
        seen = {unit_id}
        while frontier:
            nxt = []
            for uid, _method, _day in frontier:
                for succ, method, day in self.successors.get(uid, []):
                    if succ in seen or succ not in self.units:
                        continue
                    seen.add(succ)
                    if self._valid(self.units[succ], on):
                        out.append((self.units[succ], method, day))
                    else:
                        nxt.append((succ, method, day))
            frontier = nxt
        return out

    def _area_communes_on(self, district: OrgUnit, on: date) -> list[int]:
        """Communes valid on ``on`` that took over a district's former communes."""
        old = [u.pk for u in self.units.values() if u.parent_id == district.pk]
        found: dict[int, None] = {}
        for pk in old:
            for succ, _m, _d in self._successors_on(pk, on):
                found.setdefault(succ.pk, None)
        return list(found)

    def _suggest(self, key: str, on: date, limit: int = 5) -> tuple[int, ...]:
        """Units valid on ``on`` that share at least two distinctive words with ``key``:
        offered to the reviewer, never assigned."""
        words = set(key.split()) - _COMMON_WORDS
        if len(words) < 2:
            return ()
        scored = []
        for unit in self.units.values():
            if not self._valid(unit, on):
                continue
            common = len(words & (set(_key(unit.name).split()) - _COMMON_WORDS))
            if common >= 2 and common / len(words) >= 0.5:
                scored.append((-common, unit.name, unit.pk))
        return tuple(pk for _c, _n, pk in sorted(scored)[:limit])

    def _lookup(self, key: str) -> tuple[list[_Alias], str]:
        """Aliases for the longest leading part of ``key`` that names a unit, and the
        rest of the key (a qualifier such as "tinh lang son", or unknown words)."""
        words = key.split()
        for n in range(len(words), 0, -1):
            head = " ".join(words[:n])
            found = self.aliases.get(head) or self.aliases.get(_without_va(head))
            if found:
                return found, " ".join(words[n:])
        return [], key

    def _qualifier_fits(self, unit: OrgUnit, rest: str) -> bool:
        """Whether the words after a name only say where the unit is ("tỉnh Lạng Sơn",
        "huyện Chi Lăng")."""
        if not rest:
            return True
        rest = rest.removeprefix("thuoc ").removeprefix("cua ")
        if rest in {"tinh", f"tinh {self.home_key}", self.home_key, "tinh nha"}:
            return True
        parent = self.units.get(unit.parent_id) if unit.parent_id else None
        while parent is not None:
            pk = _key(parent.name)
            if rest in {pk, f"ubnd {pk}"} or rest.startswith(pk + " "):
                tail = rest.removeprefix(pk).strip()
                if not tail or tail in {"tinh", f"tinh {self.home_key}"}:
                    return True
            parent = self.units.get(parent.parent_id) if parent.parent_id else None
        return False

    # -- resolving --

    def resolve(
        self, phrase: str | None, *, on: date, foreign: str | None = None
    ) -> PhraseResolution:
        """Resolve an agency phrase as written to units valid on ``on``. ``foreign`` is the
        name of another province when the whole document is that province's: nothing is
        then assigned, the matching names are only suggested."""
        if not phrase or not phrase.strip():
            return PhraseResolution(phrase or "", on, ())
        matches = tuple(self._resolve_part(part, on) for part in split_phrase(phrase))
        if foreign:
            matches = tuple(self._as_foreign(m, foreign) for m in matches)
        return PhraseResolution(phrase, on, matches)

    def resolve_many(
        self, phrases: Iterable[str], *, on: date, foreign: str | None = None
    ) -> list[PhraseResolution]:
        return [self.resolve(p, on=on, foreign=foreign) for p in phrases]

    def _as_foreign(self, m: Match, foreign: str) -> Match:
        if m.flag == Flag.NOT_A_UNIT:
            return m
        return Match(
            text=m.text,
            unit_ids=(),
            method=Method.NONE,
            confidence=Confidence.LOW,
            flag=Flag.OTHER_PROVINCE,
            note=_(
                "The document is from %(province)s: its agencies are not this province's "
                "units. Assign units by hand if this province acts on it."
            )
            % {"province": foreign},
            suggestion_ids=m.unit_ids or m.suggestion_ids,
        )

    def _resolve_part(self, text: str, on: date) -> Match:
        # "Sở A (cơ quan thường trực)": what is in brackets describes, it does not name.
        key = _key(_PARENS.sub(" ", text))
        key = _LEADING_CONNECTORS.sub("", key)
        key = _TITLES.sub("", key)
        key = _TRAILING_PLACE.sub("", key).strip()
        day = format_date(on)
        other = foreign_province(text, self.home_key)
        if other:
            found, _rest = self._lookup(key)
            return Match(
                text,
                (),
                Method.NONE,
                Confidence.LOW,
                Flag.OTHER_PROVINCE,
                _("“%(text)s” names %(province)s, another province.")
                % {"text": text, "province": other},
                tuple(a.unit.pk for a in found if self._valid(a.unit, on)),
            )
        for group, pattern in _GROUP_PATTERNS:
            if pattern.match(key):
                return self._group(text, group, on)
        if _VAGUE.search(key):
            return Match(
                text,
                (),
                Method.NONE,
                Confidence.LOW,
                Flag.NOT_A_UNIT,
                _("“%(text)s” does not name a unit: choose the units, or leave it out.")
                % {"text": text},
            )
        found, rest = self._lookup(key)
        if not found:
            return Match(
                text,
                (),
                Method.NONE,
                Confidence.LOW,
                Flag.UNRESOLVED,
                _("No unit of this province is called “%(text)s”.") % {"text": text},
                self._suggest(key, on),
            )
        fitting = [a for a in found if self._qualifier_fits(a.unit, rest)]
        partial = not fitting
        candidates = fitting or found
        method = (
            Method.EXACT
            if any(a.method == Method.EXACT for a in candidates)
            else Method.ABBREVIATION
        )
        valid = [a.unit for a in candidates if self._valid(a.unit, on)]
        if len(valid) == 1:
            unit = valid[0]
            if method == Method.EXACT and _abbreviated(text, unit):
                method = Method.ABBREVIATION
            if partial:
                return Match(
                    text,
                    (unit.pk,),
                    method,
                    Confidence.LOW,
                    Flag.PARTIAL,
                    _("Only the beginning of “%(text)s” matched %(unit)s: check.")
                    % {"text": text, "unit": unit.name},
                )
            return Match(text, (unit.pk,), method, Confidence.HIGH)
        if len(valid) > 1:
            return Match(
                text,
                (),
                method,
                Confidence.LOW,
                Flag.AMBIGUOUS,
                _("Several units are called “%(text)s” on %(day)s: choose one.")
                % {"text": text, "day": day},
                tuple(u.pk for u in sorted(valid, key=lambda u: u.path)),
            )
        return self._not_valid_then(text, [a.unit for a in candidates], on)

    def _group(self, text: str, group: str, on: date) -> Match:
        day = format_date(on)
        if group == "local":
            units = self._of_kind_on(OrgUnit.Kind.DISTRICT, on) + self._of_kind_on(
                OrgUnit.Kind.COMMUNE, on
            )
            return Match(
                text,
                tuple(u.pk for u in units),
                Method.GROUP,
                Confidence.MEDIUM,
                Flag.AMBIGUOUS,
                _("“%(text)s” read as every district and commune on %(day)s (%(n)s units): check.")
                % {"text": text, "day": day, "n": len(units)},
            )
        units = self._of_kind_on(group, on)
        if not units:
            if group == OrgUnit.Kind.DISTRICT:
                note = _(
                    "There are no districts on %(day)s: the district level was abolished on "
                    "01/07/2025. Assign the communes or departments concerned."
                ) % {"day": day}
            else:
                note = _("No unit of this kind existed on %(day)s.") % {"day": day}
            return Match(text, (), Method.GROUP, Confidence.LOW, Flag.ENDED, note)
        labels = {
            OrgUnit.Kind.DEPARTMENT: _("All %(n)s departments valid on %(day)s."),
            OrgUnit.Kind.DISTRICT: _("All %(n)s districts valid on %(day)s."),
            OrgUnit.Kind.COMMUNE: _("All %(n)s communes and wards valid on %(day)s."),
        }
        return Match(
            text,
            tuple(u.pk for u in units),
            Method.GROUP,
            Confidence.HIGH,
            None,
            labels[OrgUnit.Kind(group)] % {"n": len(units), "day": day},
        )

    def _not_valid_then(self, text: str, candidates: Sequence[OrgUnit], on: date) -> Match:
        day = format_date(on)
        ended = [u for u in candidates if u.valid_to is not None and u.valid_to < on]
        later = [u for u in candidates if u.valid_from is not None and u.valid_from > on]
        if ended:
            unit = max(ended, key=lambda u: u.valid_to or date.min)
            succ = self._successors_on(unit.pk, on)
            if len({s.pk for s, _m, _d in succ}) == 1:
                new, _method, since = succ[0]
                return Match(
                    text,
                    (new.pk,),
                    Method.SUCCESSOR,
                    Confidence.MEDIUM,
                    None,
                    _("%(old)s no longer existed on %(day)s: since %(since)s it is %(new)s.")
                    % {
                        "old": unit.name,
                        "day": day,
                        "since": format_date(since),
                        "new": new.name,
                    },
                )
            if succ:
                return Match(
                    text,
                    (),
                    Method.SUCCESSOR,
                    Confidence.LOW,
                    Flag.AMBIGUOUS,
                    _(
                        "%(old)s no longer existed on %(day)s; its work went to several "
                        "units: choose the one concerned."
                    )
                    % {"old": unit.name, "day": day},
                    tuple(s.pk for s, _m, _d in succ),
                )
            if unit.kind == OrgUnit.Kind.DISTRICT:
                note = _(
                    "%(old)s no longer existed on %(day)s: the districts were abolished on "
                    "01/07/2025, with no successor. Assign the communes concerned."
                ) % {"old": unit.name, "day": day}
                suggestions = tuple(self._area_communes_on(unit, on))
            else:
                note = _("%(old)s ended on %(end)s with no recorded successor.") % {
                    "old": unit.name,
                    "end": format_date(unit.valid_to),
                }
                suggestions = ()
            return Match(text, (), Method.NONE, Confidence.LOW, Flag.ENDED, note, suggestions)
        unit = later[0] if later else candidates[0]
        preds = tuple(
            p for p in self.predecessors.get(unit.pk, []) if self._valid(self.units[p], on)
        )
        return Match(
            text,
            (),
            Method.NONE,
            Confidence.LOW,
            Flag.NOT_YET,
            _("%(unit)s was established on %(since)s, after %(day)s.")
            % {"unit": unit.name, "since": format_date(unit.valid_from), "day": day},
            preds,
        )
