"""Reads of the unit tree. Every screen, API answer and report asks these.

"At a date" means: units valid on that day (``valid_from <= day <= valid_to``, open ends
allowed). Descendants use the materialised path, so a subtree is one indexed query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dieuhanh.accounts.permissions import Action, require
from dieuhanh.orgunits.models import OrgUnit, OrgUnitLineage


def valid_on_q(day: date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def valid_during_q(start: date, end: date, prefix: str = "") -> Q:
    """Units that existed on at least one day of [start, end]."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": end})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start})
    )


def orgunit_roots() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent__isnull=True)


def orgunit_province() -> OrgUnit | None:
    """The province this instance serves: the current root province (settings decide)."""
    from django.conf import settings

    qs = orgunit_roots().filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True)
    return qs.filter(nso_code=settings.DIEUHANH_PROVINCE_CODE).first() or qs.first()


def orgunit_children(*, unit: OrgUnit, at: date | None = None) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(parent=unit)
    return qs.filter(valid_on_q(at)) if at else qs


def orgunit_descendants(
    *, unit: OrgUnit, at: date | None = None, include_self: bool = False
) -> QuerySet[OrgUnit]:
    """The unit's subtree (all depths); with ``at``, only units valid that day."""
    qs = OrgUnit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs.filter(valid_on_q(at)) if at else qs


def orgunit_ancestors(*, unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(i) for i in unit.path.strip("/").split("/")[:-1]]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class LinkedUnit:
    unit: OrgUnit
    share: Decimal
    method: str
    effective_date: date


def _walk_lineage(
    unit: OrgUnit, *, forward: bool, transitive: bool
) -> list[tuple[OrgUnitLineage, Decimal]]:
    """Breadth-first over lineage links, one query per generation. Returns each link
    reached with the share carried from ``unit`` (shares multiply along a chain)."""
    near, far = ("predecessor", "successor") if forward else ("successor", "predecessor")
    reached: list[tuple[OrgUnitLineage, Decimal]] = []
    carried: dict[int, Decimal] = {unit.pk: Decimal(1)}
    seen = {unit.pk}
    while carried:
        links = OrgUnitLineage.objects.filter(**{f"{near}_id__in": list(carried)}).select_related(
            far
        )
        next_carried: dict[int, Decimal] = {}
        for link in links:
            share = carried[getattr(link, f"{near}_id")] * link.share
            far_id = getattr(link, f"{far}_id")
            if far_id in seen:
                continue
            reached.append((link, share))
            next_carried[far_id] = next_carried.get(far_id, Decimal(0)) + share
        seen.update(next_carried)
        carried = next_carried if transitive else {}
    return reached


def orgunit_successors(*, unit: OrgUnit, transitive: bool = True) -> list[LinkedUnit]:
    """Where the unit went: direct successors, and (``transitive``) theirs in turn, with
    shares multiplied along the way. Ordered by date then name."""
    result = [
        LinkedUnit(link.successor, share, link.method, link.effective_date)
        for link, share in _walk_lineage(unit, forward=True, transitive=transitive)
    ]
    return sorted(result, key=lambda x: (x.effective_date, x.unit.name))


def orgunit_predecessors(
    *, unit: OrgUnit, start: date | None = None, end: date | None = None
) -> list[LinkedUnit]:
    """The units whose figures make up ``unit`` over [start, end]: its predecessors (and
    theirs, transitively) that existed during the range, each with the share of its
    figures that belongs to ``unit``. Without a range: every predecessor ever."""
    result = []
    for link, share in _walk_lineage(unit, forward=False, transitive=True):
        pred = link.predecessor
        existed = (start is None or pred.valid_to is None or pred.valid_to >= start) and (
            end is None or pred.valid_from is None or pred.valid_from <= end
        )
        if existed:
            result.append(LinkedUnit(pred, share, link.method, link.effective_date))
    return sorted(result, key=lambda x: (x.effective_date, x.unit.name))


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode]


def orgunit_tree(*, root: OrgUnit, at: date | None = None) -> TreeNode:
    """The subtree under ``root`` valid at ``at`` as nested nodes, from one query."""
    units = list(orgunit_descendants(unit=root, at=at).order_by("kind", "name"))
    by_parent: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for u in units:
        by_parent[u.parent_id].append(u)

    def build(u: OrgUnit) -> TreeNode:
        return TreeNode(u, [build(c) for c in by_parent.get(u.pk, [])])

    return build(root)


def orgunit_list(
    *,
    at: date | None = None,
    kind: str | None = None,
    parent: OrgUnit | None = None,
    search: str | None = None,
) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.select_related("parent")
    if at:
        qs = qs.filter(valid_on_q(at))
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent=parent)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search) | Q(nso_code=search))
    return qs.order_by("path")


def orgunit_get_for_user(*, user: object, unit_id: int, action: Action = Action.VIEW) -> OrgUnit:
    """The one access check for a unit: 404 when it does not exist, 403 when the user may
    not take ``action`` on it."""
    try:
        unit = OrgUnit.objects.select_related("parent").get(pk=unit_id)
    except OrgUnit.DoesNotExist as exc:
        raise Http404 from exc
    require(user, action, unit)  # type: ignore[arg-type]
    return unit


@dataclass(frozen=True)
class UnitSummary:
    at: date
    current_by_kind: dict[str, int]
    former_by_kind: dict[str, int]


def orgunit_summary(*, root: OrgUnit, at: date) -> UnitSummary:
    """How many units of each kind the subtree has on ``at``, and how many existed only
    before it (the units the restructuring ended). Two grouped queries."""
    subtree = orgunit_descendants(unit=root)
    current = subtree.filter(valid_on_q(at)).values_list("kind").annotate(n=Count("id"))
    former = subtree.filter(valid_to__lt=at).values_list("kind").annotate(n=Count("id"))
    return UnitSummary(at=at, current_by_kind=dict(current), former_by_kind=dict(former))
