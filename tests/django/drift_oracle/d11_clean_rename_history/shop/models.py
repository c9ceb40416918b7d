from django.db import models


class Article(models.Model):
    name = models.CharField(max_length=100)
    price = models.IntegerField()


class Review(models.Model):
    product = models.ForeignKey(Article, on_delete=models.CASCADE)
