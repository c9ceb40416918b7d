from django.db import models
import uuid

from django.utils import timezone


def default_code():
    return 'X'


class LowerCharField(models.CharField):
    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value.lower() if value else value


class Coupon(models.Model):
    KINDS = [('p', 'Percent'), ('f', 'Fixed')]
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = LowerCharField(max_length=20, unique=True)
    kind = models.CharField(max_length=1, choices=KINDS, default='p')
    amount = models.DecimalField('amount off', max_digits=6, decimal_places=2)
    starts = models.DateTimeField(default=timezone.now)
    label = models.CharField(max_length=30, default=default_code)
    note = models.TextField(blank=False, null=False, db_index=False, editable=True,
                            help_text='')
    created = models.DateTimeField(auto_now_add=True)
    count = models.PositiveIntegerField(default=0)
    ratio = models.FloatField(null=True, blank=True)
    data = models.JSONField(default=dict)
