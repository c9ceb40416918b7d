from django.http import HttpResponse, JsonResponse


def landing(request):
    return HttpResponse("hello")


def me(request):
    return JsonResponse({})


def service_status(request):
    return JsonResponse({"ok": True})


def ping(request):
    return HttpResponse("pong")
