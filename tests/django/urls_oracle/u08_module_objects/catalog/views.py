from django.http import HttpResponse
from django.views import View


class CategoryList(View):
    def get(self, request):
        return HttpResponse("list")


class CategoryDetail(CategoryList):
    def get(self, request, pk):
        return HttpResponse(str(pk))
