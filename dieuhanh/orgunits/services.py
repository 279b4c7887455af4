"""Writes to the unit tree. Each service checks the actor's right before it writes.

``actor=None`` is the system itself (a management command run by the province's IT staff
on the server); every web and API caller passes the signed-in user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.orgunits import sources
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

CONTACT_FIELDS = frozenset({"address", "phone", "email"})
STRUCTURE_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "kind",
        "division_type",
        "nso_code",
        "agency_code",
        "valid_from",
        "valid_to",
        "latitude",
        "longitude",
    }
)


def _check(actor: User | None, action: Action, unit: OrgUnit | None = None) -> None:
    if actor is not None:
        require(actor, action, unit)


def _set_path(unit: OrgUnit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0


@transaction.atomic
def orgunit_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    **fields: Any,
) -> OrgUnit:
    _check(actor, Action.UNIT_EDIT_STRUCTURE, parent)
    unknown = set(fields) - STRUCTURE_FIELDS - CONTACT_FIELDS - {"source"}
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, path="/", **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


def _changed_fields(unit: OrgUnit, changes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if getattr(unit, k) != v}


@transaction.atomic
def orgunit_update(*, actor: User | None, unit: OrgUnit, **changes: Any) -> OrgUnit:
    """Change a unit's fields. Contact details need ``unit.edit_contact`` (reporters may
    for their own unit); anything else needs ``unit.edit_structure``."""
    unknown = set(changes) - STRUCTURE_FIELDS - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    changed = _changed_fields(unit, changes)
    if not changed:
        return unit
    _check(
        actor,
        Action.UNIT_EDIT_STRUCTURE if set(changed) - CONTACT_FIELDS else Action.UNIT_EDIT_CONTACT,
        unit,
    )
    for key, value in changed.items():
        setattr(unit, key, value)
    unit.full_clean(exclude=["path"])
    unit.save(update_fields=[*changed])
    return unit


def _check_shares(predecessor: OrgUnit, share: Decimal, exclude_pk: int | None) -> None:
    others = sum(
        (
            link.share
            for link in OrgUnitLineage.objects.filter(predecessor=predecessor).exclude(
                pk=exclude_pk or 0
            )
        ),
        Decimal(0),
    )
    if others + share > Decimal("1.000001"):
        raise ValidationError(
            _("The shares of %(unit)s would add up to more than 1 (%(total)s).")
            % {"unit": predecessor, "total": others + share}
        )


@transaction.atomic
def lineage_create(
    *,
    actor: User | None,
    predecessor: OrgUnit,
    successor: OrgUnit,
    method: str,
    effective_date: date,
    share: Decimal = Decimal(1),
    basis: str = "",
) -> OrgUnitLineage:
    _check(actor, Action.LINEAGE_EDIT, successor)
    if predecessor.pk == successor.pk:
        raise ValidationError(_("A unit cannot succeed itself."))
    _check_shares(predecessor, share, exclude_pk=None)
    link = OrgUnitLineage(
        predecessor=predecessor,
        successor=successor,
        method=method,
        effective_date=effective_date,
        share=share,
        basis=basis,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def lineage_update(
    *,
    actor: User | None,
    link: OrgUnitLineage,
    share: Decimal,
    method: str,
    effective_date: date,
    basis: str = "",
) -> OrgUnitLineage:
    _check(actor, Action.LINEAGE_EDIT, link.successor)
    _check_shares(link.predecessor, share, exclude_pk=link.pk)
    link.share, link.method, link.effective_date, link.basis = share, method, effective_date, basis
    link.full_clean()
    link.save()
    return link


@dataclass
class LoadReport:
    province: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lineage_created: int = 0
    lineage_updated: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.lineage_created or self.lineage_updated)


@cache
def _departments_spec() -> dict[str, Any]:
    path = resources.files("dieuhanh.orgunits") / "data" / "departments.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


def _department_records(data: sources.ProvinceData) -> None:
    """Add the province's departments (and their 2025 lineage) to ``data``."""
    spec = _departments_spec()
    province_key = f"P{data.code}"
    for dept in spec["departments"]:
        data.units.append(
            sources.UnitRecord(
                key=f"S{dept['code']}",
                nso_code="",
                name=dept["name"],
                kind="department",
                division_type="",
                parent_key=province_key,
                valid_from=dept.get("valid_from"),
                valid_to=dept.get("valid_to"),
            )
        )
        for succ in dept.get("successors", []):
            data.lineage.append(
                sources.LineageRecord(
                    predecessor_key=f"S{dept['code']}",
                    successor_key=f"S{succ['to']}",
                    share=Decimal(str(succ["share"])),
                    method=succ["method"],
                    effective_date=spec["effective_date"],
                    basis=spec["basis"],
                )
            )


def _unit_code(record: sources.UnitRecord, province_code: str) -> str:
    """Unique over all time: today's units keep their NSO code; an ended unit's code says
    until when it existed ("178-20250630"), since the NSO reuses codes for new units;
    departments are "<province>-<short code>"."""
    if record.kind == "department":
        return f"{province_code}-{record.key[1:]}"
    if record.valid_to is None:
        return record.nso_code
    return f"{record.nso_code}-{record.valid_to:%Y%m%d}"


@transaction.atomic
def province_load(*, actor: User | None, province_code: str) -> LoadReport:
    """Load (or refresh) every unit of a province, then and now, and their lineage.

    Idempotent: a unit is matched by its code and saved only when a field differs, so a
    second load writes nothing (and leaves no audit rows).
    """
    _check(actor, Action.UNIT_EDIT_STRUCTURE)
    data = sources.read_province(province_code)
    _department_records(data)
    short_names = {
        f"S{d['code']}": d.get("short_name", "") for d in _departments_spec()["departments"]
    }
    report = LoadReport(province=data.name)
    existing = {u.code: u for u in OrgUnit.objects.all()}
    by_key: dict[str, OrgUnit] = {}
    for record in data.units:  # parents always come before their children
        code = _unit_code(record, data.code)
        parent = by_key[record.parent_key] if record.parent_key else None
        values: dict[str, Any] = {
            "name": record.name,
            "short_name": short_names.get(record.key, ""),
            "kind": record.kind,
            "division_type": record.division_type,
            "nso_code": record.nso_code,
            "valid_from": record.valid_from,
            "valid_to": record.valid_to,
            "latitude": record.latitude,
            "longitude": record.longitude,
        }
        unit = existing.get(code)
        if unit is None:
            unit = orgunit_create(
                actor=None, code=code, parent=parent, source="vietnam-provinces", **values
            )
            report.created += 1
        else:
            if unit.parent_id != (parent.pk if parent else None):
                raise ValidationError(
                    _("Unit %(code)s already exists under another parent.") % {"code": code}
                )
            if _changed_fields(unit, values):
                orgunit_update(actor=None, unit=unit, **values)
                report.updated += 1
            else:
                report.unchanged += 1
        by_key[record.key] = unit
        report.counts[record.kind] = report.counts.get(record.kind, 0) + 1

    links = {
        (link.predecessor_id, link.successor_id): link
        for link in OrgUnitLineage.objects.filter(successor__in=list(by_key.values()))
    }
    for lr in data.lineage:
        pred, succ = by_key[lr.predecessor_key], by_key[lr.successor_key]
        link = links.get((pred.pk, succ.pk))
        if link is None:
            lineage_create(
                actor=None,
                predecessor=pred,
                successor=succ,
                share=lr.share,
                method=lr.method,
                effective_date=lr.effective_date,
                basis=lr.basis,
            )
            report.lineage_created += 1
        elif (link.share, link.method, link.effective_date, link.basis) != (
            lr.share,
            lr.method,
            lr.effective_date,
            lr.basis,
        ):
            lineage_update(
                actor=None,
                link=link,
                share=lr.share,
                method=lr.method,
                effective_date=lr.effective_date,
                basis=lr.basis,
            )
            report.lineage_updated += 1
    return report
