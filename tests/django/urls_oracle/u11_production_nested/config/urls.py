from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView

from api.routers import router
from core import views

urlpatterns = [
    path("", include([
        path("", views.index, name="index"),
        path("up/", views.up, name="up"),
    ])),
    path("api/", include((router.urls, "api"), namespace="api")),
    path("org/<slug:org>/", include("core.org_urls", namespace="org")),
]

if settings.DEBUG:
    urlpatterns += [
        path("debug/styleguide/", TemplateView.as_view(template_name="styleguide.html")),
    ]
else:
    urlpatterns += [path("robots.txt", views.robots, name="robots")]
