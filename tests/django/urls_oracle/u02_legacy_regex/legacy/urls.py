from django.urls import re_path

from legacy.views import old_page, search

urlpatterns = [
    re_path(r"^page/(?P<page_id>\d+)/$", old_page, name="old_page"),
    re_path(r"^search(?:/(?P<q>[\w-]+))?/$", search, name="search"),
    re_path(r"^files/(?P<name>[^/]+)\.(?P<ext>pdf|txt)$", search, name="file"),
]
