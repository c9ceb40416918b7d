from django.urls import path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("<int:year>/<slug:slug>/", views.post_detail, name="post_detail"),
    path("drafts/<uuid:token>/", views.draft_preview, name="draft_preview"),
    path("tags/<str:tag>/", views.tag, name="tag"),
    path("files/<path:file_path>", views.attachment, name="attachment"),
    path("feed.xml", views.feed, name="feed"),
    path("my-posts/", views.my_posts),
]
