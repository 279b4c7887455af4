"""The one filter set for assignment lists: the list page, its Excel export and the API
read the same parameters the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from dieuhanh.core.vnformat import parse_date
from dieuhanh.directives.status import Status
from dieuhanh.web.params import id_param

SORTS = {
    "deadline": "deadline",
    "-deadline": "-deadline",
    "directive": "directive",
    "-directive": "-directive",
    "unit": "unit",
    "-unit": "-unit",
    "status": "status",
    "-status": "-status",
    "progress": "progress",
    "-progress": "-progress",
}


def _int(value: Any) -> int | None:
    return id_param(value)


@dataclass
class AssignmentFilters:
    directive: int | None = None
    unit: int | None = None  # the lead unit
    status: Status | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    sort: str = "deadline"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> AssignmentFilters:
        """Read query parameters (``directive``, ``unit``, ``status``, ``due_from``,
        ``due_to`` as dd/mm/yyyy or ISO, ``q``, ``sort``); what cannot be read is ignored
        and said in ``errors``."""
        f = cls(
            directive=_int(params.get("directive")),
            unit=_int(params.get("unit")),
            q=str(params.get("q") or "").strip()[:200],
        )
        raw_status = params.get("status") or ""
        if raw_status:
            try:
                f.status = Status(raw_status)
            except ValueError:
                f.errors.append(_("Unknown status “%(value)s”.") % {"value": raw_status})
        _read_dates(f, params, ("due_from", "due_to"))
        sort = str(params.get("sort") or "deadline")
        f.sort = sort if sort in SORTS else "deadline"
        return f

    def as_query(self, **override: Any) -> dict[str, str]:
        """The filters as query parameters (for pagination and sorting links)."""
        values = {
            "directive": self.directive or "",
            "unit": self.unit or "",
            "status": self.status or "",
            "due_from": self.due_from.strftime("%d/%m/%Y") if self.due_from else "",
            "due_to": self.due_to.strftime("%d/%m/%Y") if self.due_to else "",
            "q": self.q,
            "sort": self.sort if self.sort != "deadline" else "",
        }
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in ("", None)}


def _read_dates(f: Any, params: Mapping[str, Any], names: tuple[str, ...]) -> None:
    """Set each of ``names`` on ``f`` from ``params`` (dd/mm/yyyy or a date); a value
    that is not a date is an error on ``f`` and filters nothing."""
    for name in names:
        raw = params.get(name)
        if raw in (None, ""):
            continue
        day = raw if isinstance(raw, date) else parse_date(str(raw))
        if day is None:
            f.errors.append(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw})
        setattr(f, name, day)


@dataclass
class ScorecardFilters:
    """Which assignments a scorecard counts: by the directive's date, and which units."""

    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    directive: int | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ScorecardFilters:
        f = cls(directive=_int(params.get("directive")))
        kind = str(params.get("kind") or "")
        f.kind = kind if kind in {"department", "district", "commune", "province", "agency"} else ""
        _read_dates(f, params, ("date_from", "date_to"))
        return f

    def as_query(self) -> dict[str, str]:
        values = {
            "date_from": self.date_from.strftime("%d/%m/%Y") if self.date_from else "",
            "date_to": self.date_to.strftime("%d/%m/%Y") if self.date_to else "",
            "kind": self.kind,
            "directive": self.directive or "",
        }
        return {k: str(v) for k, v in values.items() if v}
