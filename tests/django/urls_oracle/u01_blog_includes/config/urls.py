from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", health.healthz, name="healthz"),
    path("blog/", include("blog.urls")),
    path("news/", include("blog.urls", namespace="news")),
    path("", include("pages.urls")),
]
