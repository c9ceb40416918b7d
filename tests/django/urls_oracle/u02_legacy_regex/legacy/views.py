from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def ping(request):
    return HttpResponse("pong")


def about(request, lang):
    return HttpResponse(lang)


def old_page(request, page_id):
    return HttpResponse(page_id)


def search(request):
    return HttpResponse("search")
