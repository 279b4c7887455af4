"""URL wiring only: each app owns its own urls.py."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.api import api
from dieuhanh.accounts.forms import LoginForm

admin.site.site_header = "dieuhanh — Quản trị"
admin.site.site_title = "dieuhanh"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("units/", include("dieuhanh.orgunits.urls")),
    path("indicators/", include("dieuhanh.indicators.urls")),
    path("catalogue/", include("dieuhanh.indicators.urls_catalogue")),
    path("assignments/", include("dieuhanh.directives.urls")),
    path("services/", include("dieuhanh.dossiers.urls")),
    path("ioc/", include("dieuhanh.dashboards.urls")),
    path("", include("dieuhanh.web.urls")),
]
