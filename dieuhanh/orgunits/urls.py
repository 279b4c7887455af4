from django.urls import path

from dieuhanh.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:unit_id>/", views.detail, name="detail"),
    path("<int:unit_id>/contact/", views.contact_update, name="contact_update"),
]
