from django.conf.urls import include, url
from django.contrib import admin

from legacy import views as legacy_views

urlpatterns = [
    url(r"^admin/", admin.site.urls),
    url(r"^ping/$", legacy_views.ping, name="ping"),
    url(r"^articles/", include("articles.urls", namespace="articles")),
    url(r"^(?P<lang>[a-z]{2})/about/$", legacy_views.about, name="about"),
    url(r"^legacy/", include("legacy.urls")),
]
