from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.CategoryList.as_view(), name="categories"),
    path("<int:pk>/", views.CategoryDetail.as_view(), name="category"),
]
