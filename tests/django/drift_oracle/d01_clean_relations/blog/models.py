from django.db import models
from django.conf import settings


class Category(models.Model):
    name = models.CharField(max_length=50, unique=True)
    parent = models.ForeignKey('self', null=True, blank=True, on_delete=models.CASCADE,
                               related_name='children')


class Post(models.Model):
    title = models.CharField('post title', max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name='posts')
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name='+')
    category = models.ForeignKey(Category, on_delete=models.DO_NOTHING, db_constraint=False)
    fallback = models.ForeignKey(Category, default=1, on_delete=models.SET_DEFAULT,
                                 related_name='fallback_posts')
