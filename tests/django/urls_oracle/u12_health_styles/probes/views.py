from django.http import HttpResponse, JsonResponse
from django.views import View


def gae_health(request):
    return HttpResponse("ok")


def liveness(request):
    return HttpResponse("ok")


def readiness(request):
    return HttpResponse("ok")


def heartbeat(request):
    return JsonResponse({})


def status_json(request):
    return JsonResponse({})


class ApiStatusView(View):
    def get(self, request):
        return JsonResponse({})


class KubeProbe(View):
    def get(self, request):
        return HttpResponse("ok")


class HealthProbe(View):
    def get(self, request):
        return HttpResponse("ok")


def live_events(request):
    return HttpResponse("events")


def order_status(request, code):
    return HttpResponse(str(code))


def statuses(request):
    return HttpResponse("statuses")


def pingdom_report(request):
    return HttpResponse("report")
