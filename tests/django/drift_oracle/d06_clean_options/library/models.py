from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
    published = models.DateField(null=True)

    class Meta:
        db_table = 'books'
        ordering = ['-published', 'title']
        verbose_name = 'book'
        verbose_name_plural = 'the books'
        get_latest_by = 'published'
        permissions = [('can_lend', 'Can lend books')]
        default_permissions = ('add', 'view')
