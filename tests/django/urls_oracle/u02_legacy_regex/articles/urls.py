from django.conf.urls import url

from . import views

app_name = "articles"

urlpatterns = [
    url(r"^$", views.index, name="index"),
    url(r"^(?P<year>[0-9]{4})/$", views.year_archive, name="year"),
    url(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[-\w]+)/$", views.detail, name="detail"),
]
