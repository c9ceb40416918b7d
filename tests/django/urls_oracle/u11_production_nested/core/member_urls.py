from django.urls import path

from core import views

app_name = "members"

urlpatterns = [
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/status/", views.member_status, name="member-status"),
]
