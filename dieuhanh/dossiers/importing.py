"""Reading, checking and storing a file of dossiers, procedures or feedback.

An import runs in two passes over the file, each streaming (memory does not grow with
the file):

1. **check** — every row is parsed and validated (the rules of ``dossier_rules``, the unit
   named in ``DonViXuLy``, duplicates within the file); good rows are spooled, already
   converted for the database, to a temporary file, bad rows are recorded with their line,
   column and reason. A row identical to the stored one (same hash of its text) is not
   even parsed. In *all-or-nothing* mode one bad row stops the import here: nothing is
   written.
2. **store** — the spooled rows are written in batches, each batch one transaction that
   also records the run's progress and the unit-months to recount; then the touched
   unit-months are recounted (``counting.recount_pending``) in one more transaction.

A crash or ``kill -9`` therefore leaves the database as it was after the last committed
batch, with its recount marks: nothing half-written, nothing lost (the next run or
``dieuhanh dossiers recount`` finishes the counts, and re-running the file skips the rows
already stored). docs/dossiers.md describes the file formats; docs/adr/0008 the jobs.
"""

from __future__ import annotations

import hashlib
import marshal
import tempfile
import time as clock
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.core import dossier_rules
from dieuhanh.dossiers import store
from dieuhanh.dossiers.models import (
    Feedback,
    ImportRowError,
    ImportRun,
    Procedure,
    RecountMark,
    UnitNameMapping,
)
from dieuhanh.dossiers.parsing import (
    DATE_HELP,
    DateError,
    derive,
    fast_problems,
    month_of,
    parse_datetime,
)
from dieuhanh.dossiers.readers import NESTED, FileFormatError, Spec, TableReader, open_table
from dieuhanh.orgunits.models import OrgUnit

DOSSIER_SPEC = Spec(
    columns=(
        "MaHoSo",
        "MaTTHC",
        "TenTTHC",
        "MaLinhVuc",
        "KenhThucHien",
        "NgayTiepNhan",
        "NgayHenTra",
        "NgayKetThucXuLy",
        "NgayTra",
        "TrangThaiHoSo",
        "DonViXuLy",
        "DuocThanhToanTrucTuyen",
        "HoSoCoThanhPhanSoHoa",
        "CoKetQuaDienTu",
        "NgayBoSung",
        "NgayTiepNhanBoSung",
    ),
    required=("MaHoSo", "MaTTHC", "NgayTiepNhan", "TrangThaiHoSo", "DonViXuLy"),
    lists={"DanhSachHoSoBoSung": ("NgayBoSung", "NgayTiepNhanBoSung")},
)
PROCEDURE_SPEC = Spec(
    columns=(
        "MaTTHC",
        "TenTTHC",
        "MaLinhVuc",
        "TenLinhVuc",
        "TrucTuyen",
        "CoPhiLePhi",
        "CoKetQuaGiay",
    ),
    required=("MaTTHC", "TenTTHC"),
)
FEEDBACK_SPEC = Spec(
    columns=(
        "MaPAKN",
        "TieuDe",
        "DonViXuLy",
        "PhanLoai",
        "TrangThai",
        "NgayTiepNhan",
        "HanXuLy",
        "NgayXuLy",
    ),
    required=("MaPAKN", "DonViXuLy", "TrangThai", "NgayTiepNhan"),
)
_DOSSIER_POSITION = {name: i for i, name in enumerate(DOSSIER_SPEC.columns)}
SPECS = {
    ImportRun.Kind.DOSSIERS: DOSSIER_SPEC,
    ImportRun.Kind.PROCEDURES: PROCEDURE_SPEC,
    ImportRun.Kind.FEEDBACK: FEEDBACK_SPEC,
}

BATCH_SIZE = 10_000
MAX_STORED_ERRORS = 50_000
CODE_MAX = 64
# A dossier dated a little ahead of the server's clock is a clock difference, not an error.
CLOCK_TOLERANCE = timedelta(hours=1)

_FIELD_OF_PROBLEM = {
    "unknown_status": "TrangThaiHoSo",
    "unknown_channel": "KenhThucHien",
    "mixed_time_kinds": "NgayTiepNhan",
    "ended_before_received": "NgayKetThucXuLy",
    "returned_before_received": "NgayTra",
    "due_before_received": "NgayHenTra",
    "returned_before_finished": "NgayTra",
    "missing_received": "NgayTiepNhan",
    "missing_end": "NgayKetThucXuLy",
    "supplement_request_missing": "NgayBoSung",
    "supplement_before_request": "NgayTiepNhanBoSung",
    "supplement_before_received": "NgayBoSung",
}


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    code: str
    message: str
    value: str = ""
    warning: bool = False


def now_local() -> datetime:
    return timezone.localtime().replace(tzinfo=None)


def row_hash(values: list[str]) -> int:
    """A stable 64-bit hash of a row's text (an unchanged row is skipped on re-import)."""
    digest = hashlib.blake2b("\x1f".join(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def name_key(text: str) -> str:
    """How unit names are compared: Unicode NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --------------------------------------------------------------------------- units


class UnitResolver:
    """Finds the unit a source system means by ``DonViXuLy`` on a given day.

    In order: a name mapping a person entered; the unit's own code (``20-STP``,
    ``178-20250630``); its NSO code valid that day (NSO codes are reused after 2025, so the
    day decides); its agency identifier; its exact name (ignoring case) valid that day.
    ``allowed`` limits the result to a token's units.
    """

    def __init__(self, allowed: set[int] | None = None) -> None:
        self.allowed = allowed
        self.units: dict[int, tuple[str, int, int]] = {}
        self.by_code: dict[str, list[int]] = {}
        self.by_nso: dict[str, list[int]] = {}
        self.by_agency: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        rows = OrgUnit.objects.values_list(
            "id", "code", "nso_code", "agency_code", "name", "valid_from", "valid_to"
        )
        for uid, code, nso, agency, name, valid_from, valid_to in rows:
            start = valid_from.toordinal() if valid_from else 0
            stop = valid_to.toordinal() if valid_to else 10**9
            self.units[uid] = (name, start, stop)
            self.by_code.setdefault(code.casefold(), []).append(uid)
            if nso:
                self.by_nso.setdefault(nso, []).append(uid)
            if agency:
                self.by_agency.setdefault(agency.casefold(), []).append(uid)
            self.by_name.setdefault(name_key(name), []).append(uid)
        self.mappings = dict(UnitNameMapping.objects.values_list("key", "unit_id"))
        self.cache: dict[str, list[list[int]]] = {}

    def candidates(self, ref: str) -> list[list[int]]:
        """The units each rule finds for ``ref``, rule by rule (empty rules left out)."""
        found = self.cache.get(ref)
        if found is None:
            key = name_key(ref)
            folded = ref.strip().casefold()
            mapped = self.mappings.get(key)
            rules = [
                [mapped] if mapped is not None else [],
                self.by_code.get(folded, []),
                self.by_nso.get(ref.strip(), []),
                self.by_agency.get(folded, []),
                self.by_name.get(key, []),
            ]
            found = self.cache[ref] = [r for r in rules if r]
        return found

    def resolve(self, ref: str, day: date, line: int, column: str) -> int | RowError:
        rules = self.candidates(ref)
        if not rules:
            return RowError(
                line,
                column,
                "unknown_unit",
                _(
                    "No unit is called “%(value)s”: give the unit's code, its statistical "
                    "(NSO) code or its exact name, or map this name to a unit on the "
                    "“Unit names” page."
                )
                % {"value": ref},
                ref,
            )
        ordinal = day.toordinal()
        units = self.units
        for found in rules:
            valid = [u for u in found if units[u][1] <= ordinal <= units[u][2]]
            if len(valid) == 1:
                uid = valid[0]
                if self.allowed is not None and uid not in self.allowed:
                    return RowError(
                        line,
                        column,
                        "out_of_scope",
                        _("This token may not send records for %(unit)s.")
                        % {"unit": units[uid][0]},
                        ref,
                    )
                return uid
            if len(valid) > 1:
                return RowError(
                    line,
                    column,
                    "ambiguous_unit",
                    _(
                        "“%(value)s” names %(count)s units on %(date)s: give the unit's code "
                        "instead, or map this name to one unit on the “Unit names” page."
                    )
                    % {"value": ref, "count": len(valid), "date": day.strftime("%d/%m/%Y")},
                    ref,
                )
        return RowError(
            line,
            column,
            "unit_not_valid",
            _("“%(value)s” (%(unit)s) did not exist on %(date)s.")
            % {"value": ref, "unit": units[rules[0][0]][0], "date": day.strftime("%d/%m/%Y")},
            ref,
        )


# -------------------------------------------------------------------------- checkers


def _required(line: int, column: str) -> RowError:
    return RowError(line, column, "missing", _("This column must not be empty."))


def _bad_date(line: int, column: str, value: str) -> RowError:
    return RowError(
        line,
        column,
        "bad_date",
        _("“%(value)s” is not a date and time. Write it as %(forms)s.")
        % {"value": value, "forms": DATE_HELP},
        value,
    )


def _bad_flag(line: int, column: str, value: str, allowed: str) -> RowError:
    return RowError(
        line,
        column,
        "bad_value",
        _("“%(value)s” is not allowed here: write %(allowed)s.")
        % {"value": value, "allowed": allowed},
        value,
    )


_YES = {"1": True, "0": False, "": False, "true": True, "false": False, "co": True, "khong": False}
_YES.update({"có": True, "không": False, "x": True})


_PAID = {"0": False, "1": True, "2": True, "": False}


def _flag(value: str, allow_two: bool = False) -> bool | None:
    text = value.strip().lower()
    if allow_two and text == "2":
        return True
    return _YES.get(text)


class DossierChecker:
    """Turns one row's text into a record ready for ``store.store_dossiers``, or errors."""

    def __init__(self, resolver: UnitResolver, *, as_of: datetime) -> None:
        self.resolver = resolver
        self.as_of = as_of
        self.today = as_of.date()
        self.procedures = dict(Procedure.objects.values_list("code", "id"))
        self.new_procedures: dict[str, tuple[str, str]] = {}
        self.seen: dict[str, int] = {}
        self.to_db = store.db_datetime()

    def check(self, line: int, values: list[str], digest: int) -> tuple[Any, list[RowError]]:
        (
            code,
            proc,
            proc_name,
            field_code,
            channel_s,
            received_s,
            due_s,
            finished_s,
            returned_s,
            status_s,
            unit_s,
            paid_s,
            digitised_s,
            eresult_s,
            sup_req_s,
            sup_res_s,
        ) = values
        code, proc, unit_s = code.strip(), proc.strip(), unit_s.strip()
        status_s, channel_s = status_s.strip(), channel_s.strip()
        errors: list[RowError] = []
        if code == "\x00not-an-object":
            return None, [RowError(line, "", "not_object", _("This record is not a JSON object."))]
        if not code:
            errors.append(_required(line, "MaHoSo"))
        elif len(code) > CODE_MAX:
            errors.append(
                RowError(
                    line,
                    "MaHoSo",
                    "too_long",
                    _("Too long: at most %(max)s characters.") % {"max": CODE_MAX},
                    code[:200],
                )
            )
        else:
            first = self.seen.get(code)
            if first is not None:
                errors.append(
                    RowError(
                        line,
                        "MaHoSo",
                        "duplicate",
                        _(
                            "Dossier %(code)s already appears on line %(line)s of this file; "
                            "this row is not imported."
                        )
                        % {"code": code, "line": first},
                        code,
                    )
                )
                return None, errors
            self.seen[code] = line
        if not proc:
            errors.append(_required(line, "MaTTHC"))
        elif len(proc) > CODE_MAX:
            errors.append(
                RowError(
                    line,
                    "MaTTHC",
                    "too_long",
                    _("Too long: at most %(max)s characters.") % {"max": CODE_MAX},
                    proc[:200],
                )
            )
        try:
            received, _only = parse_datetime(received_s)
        except DateError:
            errors.append(_bad_date(line, "NgayTiepNhan", received_s))
            received = None
        try:
            due, due_date_only = parse_datetime(due_s)
            if due is not None and due_date_only:
                # A due date without a time means "by the end of that day".
                due = datetime.combine(due.date(), time.max)
        except DateError:
            errors.append(_bad_date(line, "NgayHenTra", due_s))
            due = None
        try:
            finished, finished_date_only = parse_datetime(finished_s)
        except DateError:
            errors.append(_bad_date(line, "NgayKetThucXuLy", finished_s))
            finished, finished_date_only = None, False
        try:
            returned, returned_date_only = parse_datetime(returned_s)
        except DateError:
            errors.append(_bad_date(line, "NgayTra", returned_s))
            returned, returned_date_only = None, False
        # An end written without a time, on the day of receipt, is not "before" the receipt.
        if received is not None:
            if finished_date_only and finished is not None and finished.date() == received.date():
                finished = max(finished, received)
            if returned_date_only and returned is not None and returned.date() == received.date():
                returned = max(returned, received)
        status = int(status_s) if status_s.isdigit() else None
        if not status_s:
            errors.append(_required(line, "TrangThaiHoSo"))
        channel = 1 if not channel_s else (int(channel_s) if channel_s.isdigit() else None)
        paid = _PAID.get(paid_s)
        if paid is None:
            paid = _flag(paid_s, allow_two=True)
            if paid is None:
                errors.append(_bad_flag(line, "DuocThanhToanTrucTuyen", paid_s, "0, 1 hoặc 2"))
        digitised = _PAID.get(digitised_s) if digitised_s != "2" else None
        if digitised is None:
            digitised = _flag(digitised_s)
            if digitised is None:
                errors.append(_bad_flag(line, "HoSoCoThanhPhanSoHoa", digitised_s, "0 hoặc 1"))
        eresult = _PAID.get(eresult_s) if eresult_s != "2" else None
        if eresult is None:
            eresult = _flag(eresult_s)
            if eresult is None:
                errors.append(_bad_flag(line, "CoKetQuaDienTu", eresult_s, "0 hoặc 1"))
        flags = (bool(paid), bool(digitised), bool(eresult))
        supplements: list[tuple[datetime, datetime | None]] = []
        if sup_req_s or sup_res_s:
            supplements = self._supplements(line, sup_req_s, sup_res_s, errors, received)
        unit_id: int | None = None
        if not unit_s:
            errors.append(_required(line, "DonViXuLy"))
        elif received is not None or not received_s:
            day = received.date() if received is not None else self.today
            found = self.resolver.resolve(unit_s, day, line, "DonViXuLy")
            if isinstance(found, RowError):
                errors.append(found)
            else:
                unit_id = found
        if not received_s and status not in (1, 3) and status is not None:
            errors.append(_required(line, "NgayTiepNhan"))
        unreadable = any(e.code in ("bad_date", "missing") for e in errors)
        if not unreadable and fast_problems(
            status, channel, received, due, finished, returned, supplements, self.as_of
        ):
            facts = dossier_rules.DossierFacts(
                status=status_s,
                channel=channel_s,
                received_at=received,
                due_at=due,
                finished_at=finished,
                returned_at=returned,
                supplements=supplements,
            )
            for problem in dossier_rules.validate(facts, self.as_of):
                if problem.code == "supplement_request_missing":
                    continue
                column = _FIELD_OF_PROBLEM.get(problem.code)
                if column is None:  # date_in_future names its column first
                    column = problem.message.split(" ", 1)[0]
                # The cell's text goes with the error, to the errors workbook's "value".
                position = _DOSSIER_POSITION.get(column)
                shown = values[position] if position is not None else ""
                errors.append(RowError(line, column, problem.code, problem.message, shown))
        if errors:
            return None, errors
        warning = ""
        assert status is not None and channel is not None and unit_id is not None
        if status == 5 and not any(res is None for _, res in supplements):
            warning = "supplement_request_missing"
        if proc not in self.procedures and proc not in self.new_procedures:
            self.new_procedures[proc] = (proc_name, field_code)
        received_month, end, end_month, on_time, overdue_at, overdue_from, overdue_to = derive(
            status, received, due, finished, returned, supplements
        )
        to_db = self.to_db
        due_db = to_db(due)
        finished_db = to_db(finished)
        returned_db = to_db(returned)
        end_db = finished_db if end is finished else (returned_db if end is returned else None)
        record = (
            code,
            proc,
            field_code[:CODE_MAX],
            channel,
            status,
            to_db(received),
            due_db,
            finished_db,
            returned_db,
            unit_id,
            unit_s[:255],
            flags[0],
            flags[1],
            flags[2],
            digest,
            len(supplements),
            warning,
            received_month,
            end_db,
            end_month,
            on_time,
            due_db if overdue_at is due else to_db(overdue_at),
            overdue_from,
            overdue_to,
            [(to_db(a), to_db(b)) for a, b in supplements] or None,
        )
        warnings = []
        if warning:
            warnings.append(
                RowError(
                    line,
                    "NgayBoSung",
                    warning,
                    _(
                        "The status is “supplement requested” but no request is waiting: the "
                        "waiting time is counted against the unit. The dossier is imported."
                    ),
                    warning=True,
                )
            )
        return record, warnings

    def _supplements(
        self,
        line: int,
        requested_s: str,
        resubmitted_s: str,
        errors: list[RowError],
        received: datetime | None,
    ) -> list[tuple[datetime, datetime | None]]:
        if requested_s == "\x00bad-list":
            errors.append(
                RowError(
                    line,
                    "DanhSachHoSoBoSung",
                    "bad_value",
                    _(
                        "DanhSachHoSoBoSung must be a list of objects "
                        "{NgayBoSung, NgayTiepNhanBoSung}."
                    ),
                )
            )
            return []
        requests = [s.strip() for s in requested_s.split(";")] if requested_s else []
        answers = [s.strip() for s in resubmitted_s.split(";")] if resubmitted_s else []
        if len(answers) > len(requests):
            errors.append(
                RowError(
                    line,
                    "NgayTiepNhanBoSung",
                    "supplement_count",
                    _(
                        "%(answers)s resubmission dates for %(requests)s supplement requests: "
                        "give one NgayTiepNhanBoSung per NgayBoSung, in the same order, "
                        "separated by “;” (empty for a request still waiting)."
                    )
                    % {"answers": len(answers), "requests": len(requests)},
                    resubmitted_s[:200],
                )
            )
            return []
        out: list[tuple[datetime, datetime | None]] = []
        for i, text in enumerate(requests):
            answer = answers[i] if i < len(answers) else ""
            try:
                requested, requested_date_only = parse_datetime(text)
            except DateError:
                errors.append(_bad_date(line, "NgayBoSung", text))
                continue
            if (
                requested_date_only
                and requested is not None
                and received is not None
                and requested.date() == received.date()
            ):
                # A request dated the day of receipt, without a time, came after the
                # receipt (as an end date without a time does): not "before the receipt".
                requested = received
            if requested is None:
                errors.append(
                    RowError(
                        line,
                        "NgayBoSung",
                        "missing",
                        _("Supplement request %(n)s has no date.") % {"n": i + 1},
                    )
                )
                continue
            try:
                resubmitted, _only = parse_datetime(answer)
            except DateError:
                errors.append(_bad_date(line, "NgayTiepNhanBoSung", answer))
                continue
            out.append((requested, resubmitted))
        return out


_LEVELS = {"0": 0, "": 0, "1": 1, "2": 2, "khong": 0, "không": 0, "mot phan": 1, "một phần": 1}
_LEVELS.update({"toan trinh": 2, "toàn trình": 2})


class ProcedureChecker:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def check(self, line: int, values: list[str], digest: int) -> tuple[Any, list[RowError]]:
        code, name, field_code, field_name, online_s, fee_s, paper_s = values
        errors: list[RowError] = []
        if code == "\x00not-an-object":
            return None, [RowError(line, "", "not_object", _("This record is not a JSON object."))]
        if not code:
            errors.append(_required(line, "MaTTHC"))
        elif code in self.seen:
            return None, [
                RowError(
                    line,
                    "MaTTHC",
                    "duplicate",
                    _(
                        "Procedure %(code)s already appears on line %(line)s of this file; "
                        "this row is not imported."
                    )
                    % {"code": code, "line": self.seen[code]},
                    code,
                )
            ]
        else:
            self.seen[code] = line
        if not name:
            errors.append(_required(line, "TenTTHC"))
        level = _LEVELS.get(online_s.strip().lower())
        if level is None:
            errors.append(
                _bad_flag(line, "TrucTuyen", online_s, "0 (không), 1 (một phần), 2 (toàn trình)")
            )
        fee = _flag(fee_s)
        if fee is None:
            errors.append(_bad_flag(line, "CoPhiLePhi", fee_s, "0 hoặc 1"))
        paper = True if not paper_s else _flag(paper_s)
        if paper is None:
            errors.append(_bad_flag(line, "CoKetQuaGiay", paper_s, "0 hoặc 1"))
        if errors:
            return None, errors
        return (
            code[:CODE_MAX],
            name[:1000],
            field_code[:64],
            field_name[:255],
            level,
            fee,
            paper,
            digest,
        ), []


_FEEDBACK_STATES = {
    "1": "processed",
    "da xu ly": "processed",
    "đã xử lý": "processed",
    "2": "in_progress",
    "dang xu ly": "in_progress",
    "đang xử lý": "in_progress",
    "3": "rejected",
    "tu choi": "rejected",
    "từ chối": "rejected",
    "từ chối xử lý": "rejected",
    "4": "forwarded",
    "chuyen xu ly": "forwarded",
    "chuyển xử lý": "forwarded",
}


class FeedbackChecker:
    def __init__(self, resolver: UnitResolver, *, as_of: datetime) -> None:
        self.resolver = resolver
        self.as_of = as_of
        self.seen: dict[str, int] = {}
        self.to_db = store.db_datetime()

    def check(self, line: int, values: list[str], digest: int) -> tuple[Any, list[RowError]]:
        code, title, unit_s, category, state_s, received_s, due_s, closed_s = values
        errors: list[RowError] = []
        if code == "\x00not-an-object":
            return None, [RowError(line, "", "not_object", _("This record is not a JSON object."))]
        if not code:
            errors.append(_required(line, "MaPAKN"))
        elif code in self.seen:
            return None, [
                RowError(
                    line,
                    "MaPAKN",
                    "duplicate",
                    _(
                        "Feedback %(code)s already appears on line %(line)s of this file; "
                        "this row is not imported."
                    )
                    % {"code": code, "line": self.seen[code]},
                    code,
                )
            ]
        else:
            self.seen[code] = line
        state = _FEEDBACK_STATES.get(state_s.strip().lower())
        if state is None:
            errors.append(
                _bad_flag(
                    line,
                    "TrangThai",
                    state_s,
                    "1 (đã xử lý), 2 (đang xử lý), 3 (từ chối) hoặc 4 (chuyển xử lý)",
                )
            )
        parsed: list[datetime | None] = []
        for column, text in (
            ("NgayTiepNhan", received_s),
            ("HanXuLy", due_s),
            ("NgayXuLy", closed_s),
        ):
            try:
                value, _only = parse_datetime(text)
            except DateError:
                errors.append(_bad_date(line, column, text))
                value = None
            parsed.append(value)
        received, due, closed = parsed
        if not received_s:
            errors.append(_required(line, "NgayTiepNhan"))
        if state in ("processed", "rejected", "forwarded") and closed is None and not closed_s:
            errors.append(
                RowError(
                    line,
                    "NgayXuLy",
                    "missing",
                    _("A processed, rejected or forwarded item needs the date it was closed."),
                )
            )
        if state == "in_progress" and closed is not None:
            errors.append(
                RowError(
                    line,
                    "NgayXuLy",
                    "closed_in_progress",
                    _("An item still in progress cannot have a closing date."),
                    closed_s,
                )
            )
        if received is not None and closed is not None and closed < received:
            errors.append(
                RowError(
                    line,
                    "NgayXuLy",
                    "ended_before_received",
                    _("Closed (%(closed)s) before it was received (%(received)s).")
                    % {
                        "closed": closed.strftime("%d/%m/%Y %H:%M"),
                        "received": received.strftime("%d/%m/%Y %H:%M"),
                    },
                    closed_s,
                )
            )
        for column, value in (("NgayTiepNhan", received), ("NgayXuLy", closed)):
            if value is not None and value > self.as_of:
                errors.append(
                    RowError(line, column, "date_in_future", _("This date is in the future."))
                )
        unit_id = None
        if not unit_s:
            errors.append(_required(line, "DonViXuLy"))
        elif received is not None:
            found = self.resolver.resolve(unit_s, received.date(), line, "DonViXuLy")
            if isinstance(found, RowError):
                errors.append(found)
            else:
                unit_id = found
        if errors:
            return None, errors
        assert received is not None
        to_db = self.to_db
        return (
            code,
            title[:500],
            unit_id,
            unit_s[:255],
            category[:120],
            state,
            to_db(received),
            to_db(due),
            to_db(closed),
            digest,
            month_of(received),
            month_of(closed) if closed is not None else None,
        ), []


# ----------------------------------------------------------------------------- runs

# What the JSON reader puts in a row it cannot read (never text a person writes).
_SENTINELS = frozenset({"\x00not-an-object", "\x00bad-list", NESTED})


ProgressCallback = Callable[[ImportRun], None]


class RejectedError(Exception):
    """All-or-nothing: bad rows were found, nothing was stored."""


class _Spool:
    """Checked records, batch by batch, in a temporary file (marshal is fast and safe for
    the plain values it holds)."""

    def __init__(self) -> None:
        # In the system's temporary directory; closed (and so deleted) by close().
        self.file = tempfile.TemporaryFile()  # noqa: SIM115
        self.batches = 0
        self.rows = 0

    def write(self, batch: list[Any]) -> None:
        if batch:
            data = marshal.dumps(batch)
            self.file.write(len(data).to_bytes(8, "big"))
            self.file.write(data)
            self.batches += 1
            self.rows += len(batch)

    def __iter__(self) -> Iterator[list[Any]]:
        # marshal.load() on a file reads it in tiny pieces: read each batch whole.
        self.file.seek(0)
        for _batch in range(self.batches):
            size = int.from_bytes(self.file.read(8), "big")
            yield marshal.loads(self.file.read(size))

    def close(self) -> None:
        self.file.close()


class Importer:
    """Runs one ``ImportRun`` from its file (or from rows already in memory, for the API)."""

    def __init__(
        self,
        run: ImportRun,
        *,
        allowed_units: set[int] | None = None,
        on_progress: ProgressCallback | None = None,
        batch_size: int = BATCH_SIZE,
        now: datetime | None = None,
    ) -> None:
        self.run = run
        self.spec = SPECS[ImportRun.Kind(run.kind)]
        self.allowed_units = allowed_units
        self.on_progress = on_progress
        self.batch_size = batch_size
        self.now = now or now_local()
        self.errors_stored = 0
        self.pending_errors: list[RowError] = []
        self.last_beat = 0.0
        self.started = clock.monotonic()
        self.ignored_columns: list[str] = []

    # -- progress -----------------------------------------------------------------------

    def _save(self, *fields: str, force: bool = False) -> None:
        now = clock.monotonic()
        if not force and now - self.last_beat < 0.5:
            return
        self.last_beat = now
        run = self.run
        run.heartbeat_at = timezone.now()
        elapsed = max(now - self.started, 1e-6)
        run.rate = (run.rows_written if run.state == "writing" else run.rows_read) / elapsed
        ImportRun.objects.filter(pk=run.pk).update(
            **{f: getattr(run, f) for f in {*fields, "heartbeat_at", "rate", "progress"}}
        )
        if self.on_progress is not None:
            self.on_progress(run)

    def _flush_errors(self) -> None:
        room = MAX_STORED_ERRORS - self.errors_stored
        batch = self.pending_errors[: max(room, 0)]
        if batch:
            ImportRowError.objects.bulk_create(
                [
                    ImportRowError(
                        run_id=self.run.pk,
                        line=e.line,
                        field=e.field,
                        code=e.code,
                        message=e.message[:500],
                        value=e.value[:200],
                        warning=e.warning,
                    )
                    for e in batch
                ],
                batch_size=2000,
            )
            self.errors_stored += len(batch)
        self.pending_errors = []

    # -- pass 1 -------------------------------------------------------------------------

    def _checker(self) -> Any:
        kind = self.run.kind
        as_of = self.now + CLOCK_TOLERANCE
        if kind == ImportRun.Kind.PROCEDURES:
            return ProcedureChecker()
        resolver = UnitResolver(self.allowed_units)
        if kind == ImportRun.Kind.FEEDBACK:
            return FeedbackChecker(resolver, as_of=as_of)
        return DossierChecker(resolver, as_of=as_of)

    def _known(self, codes: list[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Of the records already stored: ``code → row_hash``, and for a token's import
        (limited to some units) ``code → unit_id`` (procedures have no unit)."""
        model, unit = {
            ImportRun.Kind.DOSSIERS: ("dossiers_dossier", "unit_id"),
            ImportRun.Kind.PROCEDURES: ("dossiers_procedure", ""),
            ImportRun.Kind.FEEDBACK: ("dossiers_feedback", "unit_id"),
        }[ImportRun.Kind(self.run.kind)]
        hashes: dict[str, int] = {}
        units: dict[str, int] = {}
        scoped = self.allowed_units is not None and bool(unit)
        with connection.cursor() as cursor:
            for start in range(0, len(codes), 900):
                chunk = codes[start : start + 900]
                marks = ", ".join(["%s"] * len(chunk))
                if scoped:
                    cursor.execute(
                        f"SELECT code, row_hash, {unit} FROM {model} WHERE code IN ({marks})",
                        chunk,
                    )
                    for code, digest, uid in cursor.fetchall():
                        hashes[code], units[code] = digest, uid
                else:  # the usual file import: the hashes only, as fast as they come
                    cursor.execute(
                        f"SELECT code, row_hash FROM {model} WHERE code IN ({marks})", chunk
                    )
                    hashes.update(cursor.fetchall())
        return hashes, units

    def _stored_out_of_scope(self, line: int, code: str, unit_id: int | None) -> RowError | None:
        """A token may change only records of its own units: one that is stored under
        another unit is refused, or any source system could move (and so remove from its
        unit's figures) a record of any unit whose code it knows."""
        allowed = self.allowed_units
        if allowed is None or unit_id is None or unit_id in allowed:
            return None
        name = self.checker.resolver.units.get(unit_id, (str(unit_id),))[0]
        return RowError(
            line,
            self.spec.columns[0],
            "out_of_scope",
            _("%(code)s is already stored for %(unit)s, which this token may not change.")
            % {"code": code, "unit": name},
            code,
        )

    def check(self, rows: Iterator[tuple[int, list[str]]], fraction: Callable[[], float]) -> _Spool:
        """Pass 1: check every row, spool the good ones that changed."""
        run = self.run
        checker = self._checker()
        self.checker = checker
        spool = _Spool()
        pending: list[tuple[int, list[str], int]] = []
        batch: list[Any] = []
        self.unchanged = 0
        key_index = 0

        def process(chunk: list[tuple[int, list[str], int]]) -> None:
            codes = [values[key_index].strip() for _, values, _h in chunk]
            known, stored_units = self._known([c for c in codes if "\x00" not in c])
            seen = checker.seen
            for line, values, digest in chunk:
                code = values[key_index].strip()
                # The rare rows holding a NUL (a sentinel of the JSON reader, or a real
                # NUL) are sorted out here; the usual row pays one join and one search.
                if "\x00" not in "".join(values):
                    pass
                elif NESTED in values:
                    for i, value in enumerate(values):
                        if value == NESTED:
                            self.pending_errors.append(
                                RowError(
                                    line,
                                    self.spec.columns[i],
                                    "bad_value",
                                    _(
                                        "The value must be text or a number, not a list or "
                                        "an object."
                                    ),
                                )
                            )
                    run.rows_rejected += 1
                    continue
                elif not _SENTINELS.intersection(values):
                    # PostgreSQL cannot store NUL; no system means to send one.
                    self.pending_errors.append(
                        RowError(
                            line,
                            "",
                            "nul_character",
                            _("The row contains a NUL character: remove it."),
                        )
                    )
                    run.rows_rejected += 1
                    continue
                if stored_units and code in stored_units:
                    refused = self._stored_out_of_scope(line, code, stored_units[code])
                    if refused is not None:
                        self.pending_errors.append(refused)
                        run.rows_rejected += 1
                        continue
                if known.get(code) == digest and code not in seen:
                    seen[code] = line  # still counts for duplicate detection
                    self.unchanged += 1
                    continue
                record, problems = checker.check(line, values, digest)
                if problems:
                    self.pending_errors.extend(problems)
                    if any(not p.warning for p in problems):
                        run.rows_rejected += 1
                if record is not None:
                    batch.append(record)

        for line, values in rows:
            run.rows_read += 1
            pending.append((line, values, row_hash(values)))
            if len(pending) >= 2000:
                process(pending)
                pending = []
                if len(batch) >= self.batch_size:
                    spool.write(batch)
                    batch = []
                if len(self.pending_errors) >= 1000:
                    self._flush_errors()
                run.progress = 0.5 * fraction()
                self._save("rows_read", "rows_rejected")
        if pending:
            process(pending)
        spool.write(batch)
        self._flush_errors()
        return spool

    # -- pass 2 -------------------------------------------------------------------------

    def _procedure_ids(self) -> dict[str, int]:
        new = getattr(self.checker, "new_procedures", {})
        if new:
            Procedure.objects.bulk_create(
                [
                    Procedure(
                        code=code,
                        name=(name or _("Procedure %(code)s") % {"code": code})[:1000],
                        field_code=field[:64],
                        from_catalogue=False,
                    )
                    for code, (name, field) in new.items()
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
        return dict(Procedure.objects.values_list("code", "id"))

    def store(self, spool: _Spool) -> None:
        run = self.run
        kind = run.kind
        procedure_ids = self._procedure_ids() if kind == ImportRun.Kind.DOSSIERS else {}
        now_month = month_of(self.now)
        total = max(spool.rows, 1)
        written = 0
        for batch in spool:
            with transaction.atomic():
                store.tune_for_bulk()
                if kind == ImportRun.Kind.DOSSIERS:
                    result = store.store_dossiers(
                        batch,
                        procedure_ids=procedure_ids,
                        source_system_id=run.source_system_id,
                        run_id=run.pk,
                        now=self.now,
                        now_month=now_month,
                    )
                    created, updated, unchanged = result.created, result.updated, result.unchanged
                elif kind == ImportRun.Kind.FEEDBACK:
                    created, updated, unchanged = _store_feedback(batch, run, now_month)
                else:
                    created, updated, unchanged = _store_procedures(batch, now_month)
                written += len(batch)
                run.rows_created += created
                run.rows_updated += updated
                run.rows_unchanged += unchanged
                run.rows_written = written
                run.progress = 0.5 + 0.45 * written / total
                self._save(
                    "rows_written",
                    "rows_created",
                    "rows_updated",
                    "rows_unchanged",
                    force=True,
                )


def _store_feedback(batch: list[Any], run: ImportRun, now_month: int) -> tuple[int, int, int]:
    codes = [r[0] for r in batch]
    existing = {
        code: (pk, digest, unit_id, rmonth, cmonth)
        for code, pk, digest, unit_id, rmonth, cmonth in Feedback.objects.filter(
            code__in=codes
        ).values_list("code", "pk", "row_hash", "unit_id", "received_month", "closed_month")
    }
    marks: set[tuple[str, int, int]] = set()
    rows = []
    created = updated = unchanged = 0
    for r in batch:
        old = existing.get(r[0])
        if old is not None and old[1] == r[9]:
            unchanged += 1
            continue
        if old is not None:
            updated += 1
            _feedback_marks(marks, old[2], old[3], old[4], now_month)
        else:
            created += 1
        _feedback_marks(marks, r[2], r[10], r[11], now_month)
        rows.append(r)
    if rows:
        columns = (
            "code",
            "title",
            "unit_id",
            "unit_ref",
            "category",
            "state",
            "received_at",
            "due_at",
            "closed_at",
            "row_hash",
            "received_month",
            "closed_month",
            "source_system_id",
            "import_run_id",
        )
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "code")
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO dossiers_feedback ({', '.join(columns)}) VALUES "
                f"({', '.join(['%s'] * len(columns))}) ON CONFLICT (code) DO UPDATE SET {updates}",
                [(*r, run.source_system_id, run.pk) for r in rows],
            )
            store.write_marks(cursor, marks)
    return created, updated, unchanged


def _feedback_marks(
    marks: set[tuple[str, int, int]],
    unit_id: int,
    received_month: int,
    closed_month: int | None,
    now_month: int,
) -> None:
    from dieuhanh.dossiers.parsing import months_between

    last = closed_month if closed_month is not None else now_month
    for month in months_between(received_month, max(last, received_month)):
        marks.add(("f", unit_id, month))


def _store_procedures(batch: list[Any], now_month: int) -> tuple[int, int, int]:
    """Procedures: upsert; when the online level or the fee changes, the counts of every
    unit-month with dossiers of that procedure are marked for recount."""
    codes = [r[0] for r in batch]
    existing = {
        code: (pk, digest, level, fee)
        for code, pk, digest, level, fee in Procedure.objects.filter(code__in=codes).values_list(
            "code", "pk", "row_hash", "online_level", "fee_bearing"
        )
    }
    created = updated = unchanged = 0
    to_save = []
    affected: list[int] = []
    for code, name, field_code, field_name, level, fee, paper, digest in batch:
        old = existing.get(code)
        if old is not None and old[1] == digest:
            unchanged += 1
            continue
        if old is None:
            created += 1
        else:
            updated += 1
            if (old[2], old[3]) != (level, fee):
                affected.append(old[0])
        to_save.append(
            Procedure(
                code=code,
                name=name,
                field_code=field_code,
                field_name=field_name,
                online_level=level,
                fee_bearing=fee,
                paper_result=paper,
                from_catalogue=True,
                row_hash=digest,
            )
        )
    if to_save:
        Procedure.objects.bulk_create(
            to_save,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[
                "name",
                "field_code",
                "field_name",
                "online_level",
                "fee_bearing",
                "paper_result",
                "from_catalogue",
                "row_hash",
                "updated_at",
            ],
            batch_size=1000,
        )
    if affected:
        mark_procedures_changed(affected)
    return created, updated, unchanged


def mark_procedures_changed(procedure_ids: list[int]) -> None:
    """Every unit-month with dossiers of these procedures must be recounted (the fee and
    the online level feed ``fee_dossiers`` and the procedure counts)."""
    from dieuhanh.dossiers.models import Dossier

    pairs = (
        Dossier.objects.filter(procedure_id__in=procedure_ids, received_month__isnull=False)
        .values_list("unit_id", "received_month")
        .distinct()
        .order_by()
    )
    marks: set[tuple[str, int, int]] = set()
    for unit_id, month in pairs:
        if month is None:
            continue
        marks.add(("d", unit_id, month))
        marks.add(("p", unit_id, month))
    RecountMark.objects.bulk_create(
        [RecountMark(scope=s, unit_id=u, month=m) for s, u, m in marks],
        ignore_conflicts=True,
        batch_size=2000,
    )


def open_reader(run: ImportRun) -> TableReader:
    return open_table(run.file_path, SPECS[ImportRun.Kind(run.kind)], name=run.file_name)


__all__ = [
    "BATCH_SIZE",
    "DOSSIER_SPEC",
    "FEEDBACK_SPEC",
    "PROCEDURE_SPEC",
    "SPECS",
    "FileFormatError",
    "Importer",
    "RejectedError",
    "RowError",
    "UnitResolver",
    "mark_procedures_changed",
    "name_key",
    "now_local",
    "open_reader",
    "row_hash",
]
