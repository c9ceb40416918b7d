from django.urls import include, path, register_converter

import catalog.urls
from config.converters import FourDigitYearConverter
from store import urls as store_urls

register_converter(FourDigitYearConverter, "yyyy")

urlpatterns = [
    path("store/", include(store_urls)),
    path("catalog/", include(catalog.urls)),
    path("archive/<yyyy:year>/", include("store.archive_urls")),
]
