from django.db import models


class Animal(models.Model):
    name = models.CharField(max_length=60)


class Bird(Animal):
    wingspan = models.FloatField(null=True)

    class Meta:
        ordering = ['wingspan']
        indexes = [models.Index(fields=['wingspan'])]


class Fish(Animal):
    fins = models.IntegerField()

    class Meta:
        verbose_name_plural = 'fish'
