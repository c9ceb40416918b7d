from django.http import HttpResponse


def index(request):
    return HttpResponse("index")


def edit(request, title):
    return HttpResponse(title)


def page(request, title):
    return HttpResponse(title)


def wiki_status(request):
    return HttpResponse("ok")


def locks(request):
    return HttpResponse("locks")
