from django.urls import path

from wiki import views

app_name = "wiki_admin"

urlpatterns = [
    path("locks/", views.locks, name="locks"),
]
