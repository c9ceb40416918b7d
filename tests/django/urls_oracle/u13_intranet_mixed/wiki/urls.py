from django.urls import path

from wiki import views

page_patterns = [
    path("", views.index, name="index"),
    path("<path:title>/edit/", views.edit, name="edit"),
    path("<path:title>", views.page, name="page"),
]

extra_patterns = [
    path("wiki-status/", views.wiki_status, name="wiki-status"),
]
