from django.db import models


class Article(models.Model):
    name = models.CharField(max_length=100)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    created = models.DateTimeField(auto_now_add=True)


class Review(models.Model):
    product = models.ForeignKey(Article, on_delete=models.CASCADE)
