from django.http import HttpResponse


def index(request):
    return HttpResponse("index")


def item(request, slug):
    return HttpResponse(slug)
