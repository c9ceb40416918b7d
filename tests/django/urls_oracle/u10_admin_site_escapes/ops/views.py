from django.http import HttpResponse


def index(request):
    return HttpResponse("ops")


def health_probe(request):
    return HttpResponse("ok")


def items(request):
    return HttpResponse("items")


def user_page(request, name):
    return HttpResponse(name)


def export(request, fmt):
    return HttpResponse(fmt)


def heartbeat(request, version):
    return HttpResponse(version)
