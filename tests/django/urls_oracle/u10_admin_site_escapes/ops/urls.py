from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("", views.index, name="index"),
    path("_health/", views.health_probe, name="probe"),
]
