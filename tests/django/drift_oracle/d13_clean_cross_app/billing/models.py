from django.db import models


class Invoice(models.Model):
    customer = models.ForeignKey('people.Customer', on_delete=models.CASCADE)
    total = models.DecimalField(max_digits=9, decimal_places=2)
