from django.urls import include, path

from core.views import OrgHome

app_name = "core"

urlpatterns = [
    path("", OrgHome.as_view(), name="home"),
    path("members/", include("core.member_urls")),
]
