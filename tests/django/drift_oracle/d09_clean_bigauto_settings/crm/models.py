from django.db import models


class Lead(models.Model):
    email = models.EmailField()


class Note(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE)
    text = models.TextField()
