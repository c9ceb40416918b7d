from django.contrib import admin
from django.urls import include, path

from harbor import health

urlpatterns = [
    path("api/v1/health/", health.health, name="health"),
    path("api/v1/ready/", health.ready, name="ready"),
    path("api/v1/", include("tenants.urls")),
    path("admin/", admin.site.urls),
]
