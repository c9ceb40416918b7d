from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
    isbn = models.CharField(max_length=13)
    shelf = models.IntegerField()

    class Meta:
        ordering = ['title']
        verbose_name = 'book'
        unique_together = [('title', 'shelf', 'isbn')]
        index_together = [('shelf', 'isbn')]
