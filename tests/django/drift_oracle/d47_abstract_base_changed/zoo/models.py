from django.db import models


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        abstract = True
        ordering = ['-created']


class Animal(Stamped):
    name = models.CharField(max_length=40)


class Keeper(Stamped):
    name = models.CharField(max_length=40)


class Bird(Animal):
    wingspan = models.FloatField()
    colour = models.CharField(max_length=20, blank=True, default='')
