from django.urls import path

from tenants.views import TenantListView

urlpatterns = [
    path("", TenantListView.as_view(), name="list"),
]
