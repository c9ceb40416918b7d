from django.db import models
from django.utils import timezone


class Ticket(models.Model):
    STATES = (('o', 'Open'), ('c', 'Closed'))
    size = models.IntegerField()
    title = models.CharField(max_length=100)
    body = models.TextField(null=True)
    owner = models.ForeignKey('Agent', on_delete=models.CASCADE, related_name='tickets')
    state = models.CharField(max_length=1, choices=STATES, default='o')
    priority = models.IntegerField(default=1)
    code = models.CharField(max_length=10)
    opened = models.DateTimeField(default=timezone.now)


class Agent(models.Model):
    name = models.CharField(verbose_name='name', max_length=50, help_text='Full name')
