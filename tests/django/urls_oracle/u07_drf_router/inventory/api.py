from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from .models import Product, Warehouse


class ProductViewSet(viewsets.ModelViewSet):
    queryset = Product.objects.all()
    permission_classes = [permissions.IsAuthenticated]

    @action(detail=True, methods=["post"], url_path="set-price")
    def set_price(self, request, pk=None):
        return Response({})

    @action(detail=False)
    def recent_items(self, request):
        return Response([])


class WarehouseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Warehouse.objects.all()
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9]+"


class EventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = (permissions.AllowAny,)

    def get_queryset(self):
        return []


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def ping(request):
    return Response({"pong": True})
