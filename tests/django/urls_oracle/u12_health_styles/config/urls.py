from django.urls import path, re_path

from probes import views

urlpatterns = [
    re_path(r"^_ah/health$", views.gae_health),
    path("-/liveness/", views.liveness),
    path("-/readiness/", views.readiness),
    path("system/heartbeat.json", views.heartbeat, name="heartbeat"),
    path("status.json", views.status_json),
    path("api/v2/status/", views.ApiStatusView.as_view()),
    path("k8s/", views.KubeProbe.as_view(), name="kube-ping"),
    path("probe/", views.HealthProbe.as_view()),
    path("live-events/", views.live_events, name="live-events"),
    path("orders/status/<int:code>/", views.order_status, name="order-status"),
    path("statuses/", views.statuses),
    path("pingdom-report/", views.pingdom_report),
]
