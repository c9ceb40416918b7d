from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    created = models.DateTimeField(auto_now_add=True)
    stock = models.IntegerField(default=0)
    sku = models.CharField(max_length=20, null=True)
