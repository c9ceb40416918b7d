from django.db import models


class Account(models.Model):
    owner = models.CharField(max_length=50)
    iban = models.CharField(max_length=34)
    balance = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    closed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=['iban'], name='bank_account_iban_uniq'),
            models.UniqueConstraint(fields=['owner'], condition=models.Q(closed=False),
                                    name='one_open_account'),
            models.CheckConstraint(check=models.Q(balance__gte=0), name='balance_non_negative'),
        ]
