"""The HTTP API at /api/v1/: one NinjaAPI, each app adds its router."""

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
