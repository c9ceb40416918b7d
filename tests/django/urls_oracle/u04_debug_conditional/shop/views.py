from django.http import HttpResponse


def home(request):
    return HttpResponse("home")


def cart(request):
    return HttpResponse("cart")


def server_error(request):
    raise RuntimeError("boom")


def no_toolbar(request):
    return HttpResponse("no toolbar")


def status(request):
    return HttpResponse("ok")
