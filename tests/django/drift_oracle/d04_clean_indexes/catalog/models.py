from django.db import models


class Item(models.Model):
    sku = models.CharField(max_length=32, db_index=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField()
    kind = models.CharField(max_length=10)
    added = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=['title']),
            models.Index(fields=['-added', 'kind']),
            models.Index(fields=['kind'], name='item_kind_idx'),
            models.Index(fields=['title'], name='item_title_partial', condition=models.Q(kind='a')),
        ]
