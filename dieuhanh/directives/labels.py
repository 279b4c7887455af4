"""Interface labels of the derived statuses (the Vietnamese comes from the catalogue;
``Status.label_vi`` is the fixed Vietnamese used in exported files)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dieuhanh.directives.status import Status

STATUS_LABELS: dict[Status, Promise] = {
    Status.OPEN_OVERDUE: _("Open, overdue"),
    Status.OPEN_IN_TIME: _("Open, in time"),
    Status.NO_DEADLINE: _("No deadline"),
    Status.AWAITING_CONFIRMATION: _("Awaiting confirmation"),
    Status.DONE_ON_TIME: _("Done on time"),
    Status.DONE_LATE: _("Done late"),
    Status.PAUSED: _("Paused"),
    Status.CANCELLED: _("Cancelled"),
}


def status_choices() -> list[tuple[str, Promise]]:
    return [(s.value, label) for s, label in STATUS_LABELS.items()]


METHOD_LABELS: dict[str, Promise] = {
    "exact": _("exact name"),
    "abbreviation": _("abbreviation"),
    "group": _("group of units"),
    "successor": _("successor unit"),
    "none": _("not resolved"),
}
CONFIDENCE_LABELS: dict[str, Promise] = {
    "high": _("sure"),
    "medium": _("check"),
    "low": _("uncertain"),
}
FLAG_LABELS: dict[str, Promise] = {
    "unresolved": _("not found"),
    "not_a_unit": _("not a unit"),
    "ambiguous": _("ambiguous"),
    "ended": _("no longer exists"),
    "not_yet": _("not yet established"),
    "partial": _("partial match"),
    "other_province": _("another province"),
}
