from django.http import HttpResponse
from django.views.generic import ListView

from .decorators import staff_required


class PersonList(ListView):
    template_name = "people.html"

    def get_queryset(self):
        return []


@staff_required
def person(request, pk, section=None):
    return HttpResponse(str(pk))


def person_status(request, pk, section=None):
    return HttpResponse("here")
