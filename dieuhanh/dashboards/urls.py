from django.urls import path

from dieuhanh.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("compare/", views.compare, name="compare"),
    path("map/", views.map_view, name="map"),
    path("drill/<slug:code>/", views.drill, name="drill"),
    path("wall/", views.wall, name="wall"),
    path("wall/<slug:slide>/", views.wall_slide, name="wall_slide"),
    path("export/<slug:page>.xlsx", views.export, name="export"),
]
