"""/api/v1/orgunits: the unit tree for other systems and the dashboards."""
# No "from __future__ import annotations" here: ninja reads the annotations at runtime.

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from dieuhanh.orgunits import selectors
from dieuhanh.orgunits.models import OrgUnit

router = Router(tags=["orgunits"])


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    division_type: str
    nso_code: str
    agency_code: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    latitude: Decimal | None
    longitude: Decimal | None


class LinkOut(Schema):
    unit: OrgUnitOut
    share: Decimal
    method: str
    effective_date: date


class OrgUnitDetailOut(OrgUnitOut):
    predecessors: list[LinkOut]
    successors: list[LinkOut]


@router.get("", response=list[OrgUnitOut])
@paginate(LimitOffsetPagination)
def list_orgunits(
    request: HttpRequest,
    at: date | None = None,
    kind: str | None = None,
    parent_id: int | None = None,
    q: str | None = None,
) -> QuerySet[OrgUnit]:
    """Units, optionally those valid on a date (`at`), of a kind, under a parent."""
    parent = (
        selectors.orgunit_get_for_user(user=request.user, unit_id=parent_id) if parent_id else None
    )
    return selectors.orgunit_list(at=at, kind=kind, parent=parent, search=q)


@router.get("/{unit_id}", response=OrgUnitDetailOut)
def get_orgunit(request: HttpRequest, unit_id: int) -> dict[str, object]:
    """One unit with where it came from and where it went (lineage, shares)."""
    unit = selectors.orgunit_get_for_user(user=request.user, unit_id=unit_id)
    return {
        **OrgUnitOut.from_orm(unit).dict(),
        "predecessors": selectors.orgunit_predecessors(unit=unit),
        "successors": selectors.orgunit_successors(unit=unit),
    }
