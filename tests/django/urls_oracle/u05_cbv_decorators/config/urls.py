from django.contrib.auth.decorators import login_required, permission_required
from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView

from accounts import views
from accounts.views import DashboardView, ProfileView

urlpatterns = [
    path("", RedirectView.as_view(url="/dashboard/"), name="root"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("profile/<int:user_id>/", login_required(ProfileView.as_view()), name="profile"),
    path("reports/", permission_required("reports.view")(views.reports), name="reports"),
    path("webhook/", csrf_exempt(views.webhook), name="webhook"),
    path("cached/", cache_page(60)(views.cached_page), name="cached"),
    path("health/", views.health, name="health"),
    path("internal/status/", views.InternalStatusView.as_view(), name="internal-status"),
]
