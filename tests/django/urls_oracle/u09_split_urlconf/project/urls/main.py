from django.http import HttpResponse
from django.urls import include, path

from .api import api_patterns
from project import endpoints

base = [
    path("", endpoints.landing, name="landing"),
]

urlpatterns = [
    *base,
    path("api/", include(api_patterns)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("robots.txt", lambda request: HttpResponse("User-agent: *"), name="robots"),
]
urlpatterns.insert(0, path("ping", endpoints.ping, name="ping"))
