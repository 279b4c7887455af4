"""Text plumbing shared by the extractors: NFC with an offset map, and "clean" views.

Regular expressions here are written for precomposed (NFC) Vietnamese, but a caller may
hand us decomposed text (macOS, cp1258). We normalise once and keep a map back to the
caller's offsets, so every span we report points into the text the caller gave us.

A :class:`Clean` view is what an extractor reads: footnote markers, emphasis asterisks and
zero-width characters removed, white space collapsed, each character remembering where it
came from. Extractors work on clean strings and still report exact source spans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPT_DIGITS)}

# Footnote references: superscripts, "[1]", and "(1)" glued to the word before it, which
# is how a footnote mark survives a copy-paste ("hệ thống(1)"); a spaced "(1)" is more
# often an enumeration inside a sentence and stays.
_FOOTNOTE_REF_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\]|(?<=[^\s(\[])\(\d{1,2}\)")
# Runs of characters kept in a clean view: no white space, no emphasis asterisks, no
# zero-width or soft-hyphen characters.
_KEEP_RUN_RE = re.compile(r"[^\s*\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def superscript_to_int(s: str) -> int | None:
    digits = "".join(_SUPER_TO_DIGIT.get(c, "") for c in s)
    return int(digits) if digits else None


class Source:
    """The caller's text, NFC-normalised, with offsets mappable back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        if unicodedata.is_normalized("NFC", original):
            self.text = original
            self._map: list[int] | None = None
        else:
            self.text, self._map = _nfc_with_map(original)
        self._drop = [(m.start(), m.end()) for m in _FOOTNOTE_REF_RE.finditer(self.text)]
        self._drop_starts = [s for s, _ in self._drop]
        self._cache: dict[tuple[tuple[int, int], ...], Clean] = {}

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the caller's text."""
        if self._map is None:
            return (start, end)
        n = len(self._map)
        s = self._map[start] if start < n else len(self.original)
        e = self._map[end] if end < n else len(self.original)
        return (s, max(s, e))

    def clean(self, ranges: list[tuple[int, int]]) -> Clean:
        """A clean view of the given ``[start, end)`` ranges of :attr:`text`, joined by one
        space each (a paragraph broken by a page or a footnote reads as one)."""
        key = tuple(ranges)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        out: list[str] = []
        pos: list[int] = []
        text = self.text
        drops = self._drop
        for start, end in ranges:
            # Work run by run (a word and its punctuation), not character by character:
            # this is the hot loop of a long document.
            for m in _KEEP_RUN_RE.finditer(text, start, end):
                a, b = m.start(), m.end()
                k = bisect_left(self._drop_starts, a)
                if k > 0 and drops[k - 1][1] > a:
                    k -= 1
                pieces: list[tuple[int, int]] = []
                cursor = a
                while k < len(drops) and drops[k][0] < b:
                    ds, de = drops[k]
                    if ds > cursor:
                        pieces.append((cursor, ds))
                    cursor = max(cursor, de)
                    k += 1
                if cursor < b:
                    pieces.append((cursor, b))
                if not pieces:
                    continue
                if out:
                    out.append(" ")
                    pos.append(pieces[0][0] - 1)
                for ps, pe in pieces:
                    out.append(text[ps:pe])
                    pos.extend(range(ps, pe))
        result = Clean("".join(out), pos)
        self._cache[key] = result
        return result


@dataclass(frozen=True)
class Clean:
    """A cleaned string and, for each of its characters, the offset it came from."""

    text: str
    pos: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of ``text[start:end]`` (in :class:`Source` ``.text`` offsets)."""
        if not self.pos:
            return (0, 0)
        start = min(max(start, 0), len(self.pos) - 1)
        end = min(max(end, start + 1), len(self.pos))
        return (self.pos[start], self.pos[end - 1] + 1)

    def sub(self, start: int, end: int) -> Clean:
        return Clean(self.text[start:end], self.pos[start:end])


def _nfc_with_map(original: str) -> tuple[str, list[int]]:
    """NFC per cluster (base + combining marks), each output char mapped to its cluster."""
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    n = len(original)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        piece = unicodedata.normalize("NFC", original[i:j])
        out.append(piece)
        mapping.extend([i] * len(piece))
        i = j
    return "".join(out), mapping


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def is_caps_line(text: str) -> bool:
    """A heading written in capitals ("III. NHIỆM VỤ", "THÔNG BÁO"): at least four letters,
    nearly all upper case."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.85 * len(letters)


def strip_emphasis(text: str) -> str:
    return text.replace("*", "").strip()


def collapse(text: str) -> str:
    return " ".join(text.split())
