from django.urls import path

from . import views

app_name = "tenants"

urlpatterns = [
    path("tenants/current/", views.current_tenant, name="current"),
]
