from django.conf import settings
from django.urls import include, path, re_path

import wiki.urls
from .views import *  # noqa: F403

urlpatterns = [
    path("", home, name="home"),  # noqa: F405
    path("people/", include("directory.urls"), {"section": "people"}),
    path("wiki/", include([
        path("", include((wiki.urls.page_patterns, "pages"))),
        path("admin/", include("wiki.admin_urls", namespace="wiki-admin")),
    ])),
    path("old-home/", home, {"legacy": True}, "old-home"),  # noqa: F405
    re_path(r"^(?P<slug>[\w-]+)/$", flatpage, name="flatpage"),  # noqa: F405
]
urlpatterns.extend(wiki.urls.extra_patterns)

if "django.contrib.admindocs" in settings.INSTALLED_APPS:
    urlpatterns.insert(0, path("admin/doc/", include("django.contrib.admindocs.urls")))
