from django.db import models
from django.conf import settings


class Post(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name='reviewed')
