from django.urls import include, path
from rest_framework import routers

from inventory import api

router = routers.DefaultRouter()
router.register(r"products", api.ProductViewSet)
router.register(r"warehouses", api.WarehouseViewSet, basename="warehouse")

simple = routers.SimpleRouter(trailing_slash=False)
simple.register("events", api.EventViewSet, basename="event")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api-auth/", include("rest_framework.urls")),
    path("api/ping/", api.ping, name="api-ping"),
]
urlpatterns += simple.urls
