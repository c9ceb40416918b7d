from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    created = models.DateTimeField(auto_now_add=True)


class Supplier(models.Model):
    name = models.CharField(max_length=50)
    products = models.ManyToManyField(Product)

    class Meta:
        ordering = ['name']
        unique_together = [('name',)]
        indexes = [models.Index(fields=['name'])]
        constraints = [models.CheckConstraint(check=~models.Q(name=''), name='name_not_empty')]


class Cheap(Product):
    class Meta:
        proxy = True


class Left(models.Model):
    right = models.ForeignKey('Right', on_delete=models.CASCADE, null=True, related_name='lefts')


class Right(models.Model):
    left = models.ForeignKey(Left, on_delete=models.CASCADE, null=True, related_name='rights')
