from django.http import HttpResponse

from directory.decorators import staff_required

__all__ = ["home", "flatpage"]


def home(request, legacy=False):
    return HttpResponse("home")


@staff_required
def flatpage(request, slug):
    return HttpResponse(slug)
