from django.urls import path

from dieuhanh.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.index, name="index"),
    path("766/", views.index766, name="index766"),
    path("766/unit/<int:unit_id>/", views.index766_unit, name="index766_unit"),
    path("dossiers/", views.dossier_list, name="list"),
    path("dossiers/<path:code>/", views.dossier_detail, name="detail"),
    path("procedures/", views.procedure_list, name="procedures"),
    path("feedback/", views.feedback_list, name="feedback"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_run, name="import_run"),
    path("imports/<int:pk>/errors.xlsx", views.import_errors_xlsx, name="import_errors"),
    path("unit-names/", views.mappings, name="mappings"),
    path("unit-names/<int:pk>/delete/", views.mapping_delete, name="mapping_delete"),
]
