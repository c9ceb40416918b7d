from django.db import models


class Note(models.Model):
    text = models.TextField()
    product = models.ForeignKey('shop.Product', null=True, on_delete=models.SET_NULL)

    class Meta:
        indexes = [models.Index(fields=['product', 'text'])]
