from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
    isbn = models.CharField(max_length=13)
    shelf = models.IntegerField()

    class Meta:
        ordering = ['-shelf']
        verbose_name = 'volume'
        verbose_name_plural = 'volumes'
        get_latest_by = 'shelf'
        unique_together = [('title', 'shelf')]
        index_together = [('shelf', 'isbn')]
