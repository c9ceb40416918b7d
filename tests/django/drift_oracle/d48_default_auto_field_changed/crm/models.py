from django.db import models


class Lead(models.Model):
    email = models.EmailField()


class Note(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE)
    tags = models.ManyToManyField('Tag')


class Tag(models.Model):
    name = models.SlugField(primary_key=True)
