from django.urls import include, path

from api import views

v1_patterns = [
    path("tenants/current/", views.current_tenant, name="current"),
    path("tenants/<int:pk>/", views.tenant_detail, name="detail"),
]

v2_patterns = [
    path("tenants/current/", views.TenantView.as_view(), name="current"),
]
v2_patterns.append(path("status/", views.status, name="status"))
v2_patterns.extend([path("echo/<str:word>/", views.echo, name="echo")])

api_patterns = [
    path("v1/", include((v1_patterns, "v1"))),
    path("v2/", include((v2_patterns, "v2"), namespace="v2")),
]

urlpatterns = [
    path("api/", include((api_patterns, "api"), namespace="api")),
    path("tenants/", include(("tenants.urls", "tenants"), namespace="tenants")),
]
urlpatterns += [
    path("health/live/", views.liveness, name="liveness"),
    path("health/ready/", views.readiness, name="readiness"),
]
