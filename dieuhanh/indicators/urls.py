from django.urls import path

from dieuhanh.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("values/", views.value_entry, name="values"),
    path("i/<slug:code>/", views.detail, name="detail"),
    path("i/<slug:code>/export.xlsx", views.comparison_export, name="export"),
]
