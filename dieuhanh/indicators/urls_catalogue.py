"""The catalogue page (mounted at /catalogue/)."""

from django.urls import path

from dieuhanh.indicators import views_catalogue

app_name = "catalogue"
urlpatterns = [
    path("", views_catalogue.catalogue_page, name="page"),
    path("import/", views_catalogue.catalogue_import_view, name="import"),
    path("export.<str:fmt>", views_catalogue.catalogue_export_view, name="export"),
]
