from django.http import JsonResponse
from django.views import View


def current_tenant(request):
    return JsonResponse({})


def tenant_detail(request, pk):
    return JsonResponse({"pk": pk})


class TenantView(View):
    def get(self, request):
        return JsonResponse({})


def status(request):
    return JsonResponse({"status": "ok"})


def echo(request, word):
    return JsonResponse({"word": word})


def liveness(request):
    return JsonResponse({})


def readiness(request):
    return JsonResponse({})
