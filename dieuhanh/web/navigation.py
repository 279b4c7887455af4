"""The sections of the interface, in the order leaders and officials asked for them.

Sections whose issue has not landed yet point at an honest "being built" page; each
later app replaces its entry's ``url_name`` when it ships.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str
    url_args: tuple[str, ...] = ()
    staff_only: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("overview", _("Overview"), "dashboards:overview"),
    Section("indicators", _("Targets"), "indicators:index"),
    Section("dossiers", _("Public services"), "dossiers:index"),
    Section("assignments", _("Assignments"), "directives:index"),
    Section("reports", _("Reports"), "web:pending", ("reports",)),
    Section("units", _("Units"), "orgunits:tree"),
    Section("admin", _("Administration"), "admin:index", staff_only=True),
)
# Sections still being built; an app that ships takes its entry out of here.
PENDING = {s.key: s for s in SECTIONS if s.key in {"reports"}}
