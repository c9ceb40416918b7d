from django.http import HttpResponse


def readyz(request):
    return HttpResponse("ok")


def livez(request):
    return HttpResponse("ok")


def heartbeat(request):
    return HttpResponse("ok")


def statusboard(request):
    return HttpResponse("board")


def orders_by_status(request, status):
    return HttpResponse(status)
