from django.http import HttpResponse


def index(request):
    return HttpResponse("index")


def year_archive(request, year):
    return HttpResponse(year)


def detail(request, year, month, slug):
    return HttpResponse(slug)
