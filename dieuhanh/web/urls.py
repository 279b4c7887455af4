from django.urls import path

from dieuhanh.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:section>/", views.pending, name="pending"),
    path("favicon.ico", views.favicon, name="favicon"),
]
