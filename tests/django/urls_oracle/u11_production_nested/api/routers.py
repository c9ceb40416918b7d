from rest_framework.routers import DefaultRouter

from api.viewsets import DeviceViewSet, ReadingViewSet

router = DefaultRouter(trailing_slash=False)
router.register("devices", DeviceViewSet, basename="device")
router.register(r"readings", ReadingViewSet, basename="reading")
