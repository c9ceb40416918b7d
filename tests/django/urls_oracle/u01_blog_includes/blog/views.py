from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


def post_list(request):
    return HttpResponse("posts")


def archive_month(request, year, month):
    return HttpResponse("archive")


def post_detail(request, year, slug):
    return HttpResponse(slug)


@login_required
def draft_preview(request, token):
    return HttpResponse(str(token))


def tag(request, tag):
    return HttpResponse(tag)


def attachment(request, file_path):
    return HttpResponse(file_path)


def feed(request):
    return HttpResponse("<rss/>")


@login_required
def my_posts(request):
    return HttpResponse("mine")
