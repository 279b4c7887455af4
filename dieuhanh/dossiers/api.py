"""/api/v1/dossiers, /procedures, /feedback (pushed by source systems with a bearer token
limited to their units) and the counts read by other systems.
docs/dossiers.md describes the records; the checks are the file import's."""
# No "from __future__ import annotations" here: ninja reads the annotations at runtime.

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from dieuhanh.core.periods import PeriodParseError, parse_period
from dieuhanh.dossiers import selectors, services
from dieuhanh.dossiers.models import ApiToken, ImportRun

router = Router(tags=["dossiers"])
ERRORS_SHOWN = 1000


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dh_…``: a source system's token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = services.token_authenticate(token)
        if found is not None:
            request.api_token = found  # type: ignore[attr-defined]
        return found


# The body is read from the stream, not through Django's ``request.body``: 10,000 dossiers
# are several megabytes, above DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
MAX_BODY = 64 * 1024 * 1024
PUSH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "mode": {"type": "string", "enum": ["all-or-nothing", "skip-bad-rows"]},
                        "dossiers": {
                            "type": "array",
                            "items": {"type": "object"},
                            "maxItems": 10000,
                        },
                        "records": {
                            "type": "array",
                            "items": {"type": "object"},
                            "maxItems": 10000,
                        },
                    },
                }
            }
        },
    }
}


def _body(request: HttpRequest) -> dict[str, Any]:
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > MAX_BODY:
        raise HttpError(413, f"the body is larger than {MAX_BODY // (1024 * 1024)} MB")
    try:
        data = json.loads(request.read(MAX_BODY + 1) or b"{}")
    except ValueError as exc:
        raise HttpError(400, f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise HttpError(400, 'the body must be an object: {"mode": …, "dossiers": [ … ]}')
    return data


class RowErrorOut(Schema):
    record: int
    field: str
    code: str
    message: str
    value: str
    warning: bool


class RunOut(Schema):
    run: int
    state: str
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    values_recomputed: int
    message: str
    errors: list[RowErrorOut]


def _run_out(run: ImportRun) -> dict[str, Any]:
    errors = [
        {
            "record": e.line,
            "field": e.field,
            "code": e.code,
            "message": e.message,
            "value": e.value,
            "warning": e.warning,
        }
        for e in run.row_errors.order_by("line", "id")[:ERRORS_SHOWN]
    ]
    return {
        "run": run.pk,
        "state": run.state,
        "received": run.rows_read,
        "created": run.rows_created,
        "updated": run.rows_updated,
        "unchanged": run.rows_unchanged,
        "rejected": run.rows_rejected,
        "values_recomputed": run.values_written,
        "message": run.message,
        "errors": errors,
    }


def _push(request: HttpRequest, kind: str, key: str) -> Any:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    body = _body(request)
    records = body.get(key) or body.get("records") or []
    mode = body.get("mode") or ImportRun.Mode.ALL_OR_NOTHING
    if not isinstance(records, list):
        raise HttpError(400, f"“{key}” must be a list of objects")
    if len(records) > services.MAX_PUSH:
        raise HttpError(
            413, f"at most {services.MAX_PUSH} records per request; this one has {len(records)}"
        )
    try:
        run = services.records_push(token=token, kind=kind, records=records, mode=str(mode))
    except services.OutOfScopeError as exc:
        return Status(403, _run_out(exc.run))
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from None
    if run.state in (ImportRun.State.REJECTED, ImportRun.State.FAILED):
        return Status(422, _run_out(run))
    return Status(200, _run_out(run))


_RESPONSES = {200: RunOut, 403: RunOut, 422: RunOut}


@router.post(
    "/dossiers",
    auth=TokenAuth(),
    response=_RESPONSES,
    summary="Push up to 10,000 dossiers",
    openapi_extra=PUSH_BODY,
)
def push_dossiers(request: HttpRequest) -> Any:
    """Dossiers with the national portal's field names (docs/dossiers.md) under
    ``dossiers``: ``{"mode": "all-or-nothing", "dossiers": [{"MaHoSo": …}, …]}``. Upsert
    by MaHoSo: sending the same records again changes nothing. ``mode``:
    ``all-or-nothing`` (default: one bad record and nothing is stored, 422 with every error)
    or ``skip-bad-rows`` (the good ones are stored, the others listed). A record for a unit
    outside the token's units: 403, nothing stored. More than 10,000: 413."""
    return _push(request, ImportRun.Kind.DOSSIERS, "dossiers")


@router.post(
    "/procedures",
    auth=TokenAuth(),
    response=_RESPONSES,
    summary="Push procedures",
    openapi_extra=PUSH_BODY,
)
def push_procedures(request: HttpRequest) -> Any:
    """Procedures (MaTTHC, TenTTHC, MaLinhVuc, TenLinhVuc, TrucTuyen, CoPhiLePhi,
    CoKetQuaGiay) under ``records``."""
    return _push(request, ImportRun.Kind.PROCEDURES, "records")


@router.post(
    "/feedback",
    auth=TokenAuth(),
    response=_RESPONSES,
    summary="Push citizens' feedback",
    openapi_extra=PUSH_BODY,
)
def push_feedback(request: HttpRequest) -> Any:
    """Feedback (MaPAKN, TieuDe, DonViXuLy, PhanLoai, TrangThai, NgayTiepNhan, HanXuLy,
    NgayXuLy) under ``records``."""
    return _push(request, ImportRun.Kind.FEEDBACK, "records")


@router.get("/dossiers/stats", auth=[django_auth, TokenAuth()], summary="Counts of a unit")
def dossier_stats(
    request: HttpRequest,
    unit: str,
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """The counts of a unit (its code: ``20``, ``20-STP``…) for a reporting period
    (``2024-09``, ``2024-Q3``, ``2024-9M``, ``2024``: the indicator engine's figures, the
    same as the screens) or for ``start``–``end`` (read from the dossiers)."""
    try:
        found = selectors.unit_by_code(unit)
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None
    if start is not None or end is not None:
        if start is None or end is None or end < start:
            raise HttpError(422, "start and end must both be given, start ≤ end")
        return selectors.range_stats(unit=found, start=start, end=end)
    if not period:
        raise HttpError(422, "give a period or start and end")
    try:
        parsed = parse_period(period)
    except PeriodParseError as exc:
        raise HttpError(422, str(exc)) from None
    return selectors.stats_for(unit=found, period=parsed)


@router.get("/dossiers/runs/{run_id}", auth=[django_auth, TokenAuth()], response=RunOut)
def run_status(request: HttpRequest, run_id: int) -> Any:
    """An import's status and row errors (a token sees its own system's runs only)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    token = getattr(request, "api_token", None)
    if run is None or (token is not None and run.source_system_id != token.source_system_id):
        raise HttpError(404, "not found")
    if token is None:
        from dieuhanh.accounts.permissions import Action, can

        if not can(request.user, Action.DOSSIERS_IMPORT):
            raise HttpError(403, "forbidden")
    return _run_out(run)
