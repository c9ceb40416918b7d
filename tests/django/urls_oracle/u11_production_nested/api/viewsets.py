from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response


class DeviceViewSet(viewsets.ViewSet):
    lookup_url_kwarg = "serial"

    def list(self, request):
        return Response([])

    def retrieve(self, request, serial=None):
        return Response({})

    @action(detail=True, url_path="status", url_name="status")
    def device_status(self, request, serial=None):
        return Response({})


class ReadingViewSet(viewsets.GenericViewSet):
    def create(self, request):
        return Response({})
