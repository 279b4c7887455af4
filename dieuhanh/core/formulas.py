"""Indicator formulas as people write them: ``100 * online_received / received``.

An indicator is ``factor × Σ numerator / Σ denominator`` (DESIGN 3, like DHIS2), where each
sum is a list of ``(measure code, coefficient)``. A formula is that shape written out:

    received_online + received_postal           factor 1, no denominator
    100 * online_received / received            factor 100
    100 * (a + 2 * b) / (c + d)                 coefficients inside the sums
    online_received / received * 100            the factor may also come last
    0,5 * a + b                                 Vietnamese decimal comma (0.5)

Reading keeps the structure, so ``format_formula`` writes back exactly what was read
(``parse_formula(format_formula(*f)) == f``):

- a number before ``*`` is the factor when what follows is one measure or a bracketed sum
  (``100 * a / b``, ``2 * (a + b)``); in an unbracketed sum it is that term's coefficient
  (``2 * a + b``);
- a sum of several terms must be bracketed before ``/`` or after a factor, and a
  denominator of several terms (or with a coefficient) must be bracketed: ``a + b / c``
  means something else in arithmetic, so it is refused rather than guessed;
- measure codes are ASCII identifiers (letters, digits, ``_``; ``-`` joins parts of a code,
  so a minus sign needs spaces: ``a - b``);
- ``×`` and ``·`` are read as ``*``, ``:`` and ``÷`` as ``/``; numbers follow Vietnamese
  notation (``0,5``; ``1.000`` is one thousand).

Errors are ``FormulaError`` with a Vietnamese message and the position of the problem.

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from dieuhanh.core.vnformat import parse_number

__all__ = [
    "CODE_RE",
    "Formula",
    "FormulaError",
    "Term",
    "format_formula",
    "formula_codes",
    "parse_formula",
]

#: A measure code as it may appear in a formula.
CODE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_RE = re.compile(r"\s+")
_OPERATORS = {
    "+": "+",
    "-": "-",
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash, as word processors write a minus
    "*": "*",
    "\u00d7": "*",  # ×
    "\u00b7": "*",  # ·
    "\u2219": "*",  # ∙
    "/": "/",
    ":": "/",
    "\u00f7": "/",  # ÷
    "(": "(",
    ")": ")",
}

Term = tuple[str, Decimal]


class Formula(NamedTuple):
    factor: Decimal
    numerator: list[Term]
    denominator: list[Term]


class FormulaError(ValueError):
    """A formula that cannot be read. ``position`` is the 0-based offset of the problem in
    the text; the message (Vietnamese, shown to the official who typed it) gives it 1-based.
    """

    def __init__(self, reason: str, text: str, position: int) -> None:
        self.reason = reason
        self.text = text
        self.position = position
        super().__init__(f"{reason} (vị trí {position + 1} trong công thức “{text}”)")


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "code", one of the operators, or "end"
    text: str
    pos: int
    value: Decimal | None = None


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if m := _SPACE_RE.match(text, i):
            i = m.end()
            continue
        if ch in _OPERATORS:
            tokens.append(_Token(_OPERATORS[ch], ch, i))
            i += 1
            continue
        if m := _NUMBER_RE.match(text, i):
            value = parse_number(m.group())
            if value is None:
                raise FormulaError(f"Số “{m.group()}” không hợp lệ", text, i)
            if m.end() < len(text) and (text[m.end()].isalpha() or text[m.end()] == "_"):
                raise FormulaError("Thiếu dấu “*” giữa hệ số và mã số liệu gốc", text, m.end())
            tokens.append(_Token("num", m.group(), i, value))
            i = m.end()
            continue
        if m := CODE_RE.match(text, i):
            end = m.end()
            if end < len(text) and text[end].isalpha():
                raise FormulaError(
                    f"Ký tự “{text[end]}” không dùng được trong mã số liệu gốc (chỉ chữ cái "
                    "không dấu, chữ số, “_” và “-”)",
                    text,
                    end,
                )
            tokens.append(_Token("code", m.group(), i))
            i = end
            continue
        raise FormulaError(f"Ký tự “{ch}” không hợp lệ", text, i)
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _describe(token: _Token) -> str:
    return "hết công thức" if token.kind == "end" else f"“{token.text}”"


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    # -- helpers ------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def accept(self, kind: str) -> _Token | None:
        return self.take() if self.peek().kind == kind else None

    def fail(self, reason: str, token: _Token | None = None) -> FormulaError:
        return FormulaError(reason, self.text, (token or self.peek()).pos)

    def expect(self, kind: str, reason: str) -> _Token:
        if self.peek().kind != kind:
            raise self.fail(f"{reason}, gặp {_describe(self.peek())}")
        return self.take()

    # -- grammar ------------------------------------------------------------------------

    def formula(self) -> Formula:
        if self.peek().kind == "end":
            raise self.fail("Công thức trống")
        factor: Decimal | None = None
        factor_token = self.peek()
        if self._factor_ahead():
            factor = self.signed_number()
            self.expect("*", "Thiếu dấu “*” sau hệ số nhân")
            numerator = self.group(part="tử số")
            bare_sum = False
        elif self.peek().kind == "(":
            numerator = self.group(part="tử số")
            bare_sum = False
        else:
            numerator = self.terms()
            bare_sum = True
        denominator: list[Term] = []
        if self.peek().kind == "/":
            if bare_sum and len(numerator) > 1:
                raise self.fail("Tử số có nhiều số hạng phải đặt trong ngoặc, ví dụ “(a + b) / c”")
            self.take()
            denominator = self.denominator()
        if self.peek().kind == "*":
            if factor is not None:
                raise self.fail("Hệ số nhân chỉ được viết một lần", factor_token)
            if bare_sum and len(numerator) > 1:
                raise self.fail(
                    "Muốn nhân cả tổng với một hệ số, hãy đặt tổng trong ngoặc, ví dụ “(a + b) * 2”"
                )
            self.take()
            factor_token = self.peek()
            factor = self.signed_number()
        end = self.peek()
        if end.kind != "end":
            if end.kind == "/":
                raise self.fail("Chỉ được có một phép chia")
            if end.kind in ("+", "-") and denominator:
                raise self.fail("Mẫu số có nhiều số hạng phải đặt trong ngoặc, ví dụ “a / (b + c)”")
            if end.kind == ")":
                raise self.fail("Thừa dấu đóng ngoặc “)”")
            raise self.fail(f"Không đọc được {_describe(end)} ở đây")
        if factor is not None and factor == 0:
            raise self.fail("Hệ số nhân không được bằng 0", factor_token)
        return Formula(Decimal(1) if factor is None else factor, numerator, denominator)

    def _factor_ahead(self) -> bool:
        """``[-] NUMBER *`` followed by a bracket, or by one code that is not the first
        term of an unbracketed sum."""
        k = 1 if self.peek().kind in ("+", "-") else 0
        if self.peek(k).kind != "num" or self.peek(k + 1).kind != "*":
            return False
        after = self.peek(k + 2)
        if after.kind == "(":
            return True
        return after.kind == "code" and self.peek(k + 3).kind not in ("+", "-")

    def signed_number(self) -> Decimal:
        sign = Decimal(1)
        if self.peek().kind in ("+", "-"):
            sign = Decimal(-1) if self.take().kind == "-" else Decimal(1)
        token = self.expect("num", "Cần một số")
        assert token.value is not None
        return sign * token.value

    def group(self, *, part: str) -> list[Term]:
        if self.accept("("):
            terms = self.terms()
            self.expect(")", "Thiếu dấu đóng ngoặc “)”")
            return terms
        token = self.peek()
        if token.kind == "code":
            self.take()
            return [(token.text, Decimal(1))]
        if token.kind == "num":
            example = "100 * (2 * a) / b" if part == "tử số" else "a / (2 * b)"
            raise self.fail(f"{part.capitalize()} có hệ số phải đặt trong ngoặc, ví dụ “{example}”")
        raise self.fail(f"Cần mã số liệu gốc hoặc dấu “(” ở {part}, gặp {_describe(token)}")

    def denominator(self) -> list[Term]:
        return self.group(part="mẫu số")

    def terms(self) -> list[Term]:
        terms: list[Term] = []
        seen: set[str] = set()
        first = True
        while True:
            sign = Decimal(1)
            op = self.peek()
            if op.kind in ("+", "-"):
                self.take()
                sign = Decimal(-1) if op.kind == "-" else Decimal(1)
            elif not first:
                break
            start = self.peek()
            coefficient = Decimal(1)
            if start.kind == "num":
                assert start.value is not None
                coefficient = start.value
                self.take()
                self.expect("*", "Thiếu dấu “*” giữa hệ số và mã số liệu gốc")
            if self.peek().kind == "(":
                raise self.fail(
                    "Không đặt dấu ngoặc ở đây: chỉ tử số và mẫu số được đặt trong ngoặc"
                )
            code = self.expect("code", "Cần mã số liệu gốc")
            if coefficient == 0:
                raise self.fail("Hệ số không được bằng 0", start)
            if code.text in seen:
                raise self.fail(f"Mã “{code.text}” xuất hiện hai lần trong cùng một tổng", code)
            seen.add(code.text)
            terms.append((code.text, sign * coefficient))
            first = False
        return terms


def parse_formula(text: str) -> Formula:
    """Read a formula: ``"100 * online / received"`` →
    ``Formula(Decimal(100), [("online", 1)], [("received", 1)])``."""
    if not isinstance(text, str):
        raise FormulaError("Công thức phải là một chuỗi ký tự", str(text), 0)
    return _Parser(text).formula()


def formula_codes(formula: Formula) -> list[str]:
    """The measure codes a formula uses, in order of first appearance."""
    return list(dict.fromkeys(code for code, _k in [*formula.numerator, *formula.denominator]))


def _number(value: Decimal) -> str:
    """``100`` → ``"100"``, ``0.5`` → ``"0,5"``: no thousands mark, so a reader never
    mistakes ``1.000`` for one."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def _sum(terms: Sequence[Term]) -> str:
    parts: list[str] = []
    for i, (code, coefficient) in enumerate(terms):
        k = Decimal(coefficient)
        body = code if abs(k) == 1 else f"{_number(abs(k))} * {code}"
        if i == 0:
            parts.append(f"-{body}" if k < 0 else body)
        else:
            parts.append(f"{'-' if k < 0 else '+'} {body}")
    return " ".join(parts)


def _check_terms(terms: Sequence[Term], part: str) -> None:
    seen: set[str] = set()
    for code, coefficient in terms:
        if not CODE_RE.fullmatch(code):
            raise FormulaError(f"Mã “{code}” không viết được trong công thức", code, 0)
        if Decimal(coefficient) == 0:
            raise FormulaError(f"Hệ số của “{code}” không được bằng 0", code, 0)
        if code in seen:
            raise FormulaError(f"Mã “{code}” xuất hiện hai lần ở {part}", code, 0)
        seen.add(code)


def format_formula(
    factor: Decimal | int, numerator: Iterable[Term], denominator: Iterable[Term] = ()
) -> str:
    """Write a formula back in the form ``parse_formula`` reads:
    ``format_formula(100, [("online", 1)], [("received", 1)])`` →
    ``"100 * online / received"``."""
    num, den, factor = list(numerator), list(denominator), Decimal(factor)
    if not num:
        raise FormulaError("Công thức cần ít nhất một số liệu gốc ở tử số", "", 0)
    if factor == 0:
        raise FormulaError("Hệ số nhân không được bằng 0", "", 0)
    _check_terms(num, "tử số")
    _check_terms(den, "mẫu số")
    single_plain = len(num) == 1 and Decimal(num[0][1]) == 1
    single_negated = len(num) == 1 and Decimal(num[0][1]) == -1
    if factor != 1:
        text = f"{_number(factor)} * " + (num[0][0] if single_plain else f"({_sum(num)})")
    elif single_plain or single_negated or (len(num) > 1 and not den):
        text = _sum(num)
    else:
        text = f"({_sum(num)})"
    if den:
        single = len(den) == 1 and Decimal(den[0][1]) == 1
        text += " / " + (den[0][0] if single else f"({_sum(den)})")
    return text
