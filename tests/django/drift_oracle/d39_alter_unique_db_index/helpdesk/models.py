from django.db import models
from django.utils import timezone


class Ticket(models.Model):
    STATES = [('o', 'Open'), ('c', 'Closed')]
    title = models.CharField(max_length=100)
    body = models.TextField(null=True)
    state = models.CharField(max_length=1, choices=STATES, default='o')
    priority = models.IntegerField(default=1)
    code = models.CharField(max_length=10, unique=True)
    owner = models.ForeignKey('Agent', on_delete=models.CASCADE, related_name='tickets')
    opened = models.DateTimeField(default=timezone.now)
    size = models.IntegerField(db_index=True)


class Agent(models.Model):
    name = models.CharField('name', max_length=50, help_text='Full name')
