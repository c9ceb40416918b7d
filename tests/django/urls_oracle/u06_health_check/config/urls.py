from django.urls import include, path, re_path

from monitoring import probes

urlpatterns = [
    path("ht/", include("health_check.urls")),
    path("readyz", probes.readyz, name="readyz"),
    path("livez", probes.livez),
    re_path(r"^heartbeat/?$", probes.heartbeat, name="heartbeat"),
    path("statusboard/", probes.statusboard, name="statusboard"),
    path("orders/<str:status>/", probes.orders_by_status, name="orders"),
]
