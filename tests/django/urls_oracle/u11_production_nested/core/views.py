from django.http import HttpResponse
from django.views.generic import TemplateView


def index(request):
    return HttpResponse("index")


def up(request):
    return HttpResponse("up")


def robots(request):
    return HttpResponse("User-agent: *")


class OrgHome(TemplateView):
    template_name = "org.html"


def member_detail(request, org, member_id):
    return HttpResponse(str(member_id))


def member_status(request, org, member_id):
    return HttpResponse("active")
