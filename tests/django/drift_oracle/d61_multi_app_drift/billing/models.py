from django.db import models


class Invoice(models.Model):
    customer = models.ForeignKey('people.Customer', on_delete=models.CASCADE)
    address = models.ForeignKey('people.Address', null=True, on_delete=models.SET_NULL)

    class Meta:
        indexes = [models.Index(fields=['customer', 'address'])]
