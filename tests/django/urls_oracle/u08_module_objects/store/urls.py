from django.urls import path

from .views import *  # noqa: F403

app_name = "store"

urlpatterns = [
    path("", index, name="index"),  # noqa: F405
    path("item/<slug:slug>/", item, name="item"),  # noqa: F405
]
