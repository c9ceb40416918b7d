from django.http import JsonResponse
from django.urls import path

from project import endpoints

api_patterns = [
    path("me/", endpoints.me, name="me"),
    path("status", endpoints.service_status, name="service-status"),
]
