from django.db import models


class Order(models.Model):
    number = models.CharField(max_length=20)
    shop = models.IntegerField()
    placed = models.DateTimeField()
    status = models.CharField(max_length=10)

    class Meta:
        unique_together = [('shop', 'number')]
        index_together = ('status', 'placed')
