from django.db import models


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ['-created']
        indexes = [models.Index(fields=['created'], name='%(app_label)s_%(class)s_created')]


class Animal(Stamped):
    name = models.CharField(max_length=40)


class Place(models.Model):
    address = models.CharField(max_length=80)


class Restaurant(Place):
    serves_pizza = models.BooleanField(default=False)


class LoudAnimal(Animal):
    class Meta:
        proxy = True
        ordering = ['name']


class Keeper(Stamped):
    name = models.CharField(max_length=40)

    class Meta(Stamped.Meta):
        verbose_name = 'keeper'


class Legacy(models.Model):
    code = models.CharField(max_length=5, primary_key=True)

    class Meta:
        managed = False
        db_table = 'legacy_codes'
