"""The HTTP API at /api/v1/: one NinjaAPI, each app adds its router."""

from typing import Any

from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from dieuhanh.directives.api import router as directives_router
from dieuhanh.dossiers.api import router as dossiers_router
from dieuhanh.indicators.api import router as indicators_router
from dieuhanh.orgunits.api import router as orgunits_router

api = NinjaAPI(
    title="dieuhanh API",
    version="1",
    description="Read and write the province's programme data. Session or token auth.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/orgunits", orgunits_router)
api.add_router("/", indicators_router)
api.add_router("/", directives_router)
api.add_router("/", dossiers_router)


@api.exception_handler(OverflowError)
def _number_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A query parameter too large for the database's integers (``?unit=9999…``)."""
    return api.create_response(
        request, {"detail": "A number in the request is too large."}, status=400
    )


@api.exception_handler(DataError)
@api.exception_handler(IntegrityError)
def _read_out_of_range(request: HttpRequest, exc: Exception) -> Any:
    """A read cannot break the data's integrity: on GET, the database refused a parameter
    (``?limit=9999…``: SQLite says "datatype mismatch", PostgreSQL "out of range")."""
    if request.method != "GET":
        raise exc
    return api.create_response(
        request, {"detail": "A parameter of the request is out of range."}, status=400
    )
