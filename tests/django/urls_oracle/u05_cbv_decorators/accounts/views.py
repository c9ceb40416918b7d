from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from .mixins import ProtectedMixin


class DashboardView(ProtectedMixin, TemplateView):
    template_name = "dashboard.html"


@method_decorator(login_required, name="dispatch")
class ProfileView(View):
    def get(self, request, user_id):
        return HttpResponse(str(user_id))


def reports(request):
    return HttpResponse("reports")


@require_POST
def webhook(request):
    return HttpResponse("ok")


def cached_page(request):
    return HttpResponse("cached")


class HealthView(View):
    def get(self, request):
        return JsonResponse({"status": "ok"})


health = HealthView.as_view()


class InternalStatusView(View):
    @method_decorator(login_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return JsonResponse({})
