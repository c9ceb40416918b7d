from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView


class TenantListView(LoginRequiredMixin, ListView):
    template_name = "tenants.html"

    def get_queryset(self):
        return []
