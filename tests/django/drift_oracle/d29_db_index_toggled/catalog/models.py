from django.db import models


class Item(models.Model):
    sku = models.CharField(max_length=32, db_index=True)
    title = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10)

    class Meta:
        indexes = [
            models.Index(fields=['title']),
            models.Index(fields=['kind'], name='item_kind_idx'),
        ]
