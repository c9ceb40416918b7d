from django.urls import include, path, re_path

from ops.admin import ops_site
from ops import views

urlpatterns = [
    path("ops-admin/", ops_site.urls),
    path("", include("ops.urls")),
    path("v1.0/item+list/", views.items, name="items"),
    path("~user/<slug:name>/", views.user_page, name="user-page"),
    re_path(r"(?i)^export/(?P<fmt>csv|json)/$", views.export, name="export"),
    re_path(r"^api/(?P<version>v[12])/heartbeat/$", views.heartbeat, name="api-heartbeat"),
]
