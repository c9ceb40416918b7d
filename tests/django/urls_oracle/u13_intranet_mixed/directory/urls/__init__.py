from django.urls import path

from directory import views as v

app_name = "directory"

urlpatterns = [
    path("", v.PersonList.as_view(), name="list"),
    path("<int:pk>/", v.person, name="person"),
    path("<int:pk>/status/", v.person_status, name="person-status"),
]
