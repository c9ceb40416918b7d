from django.db import models


class Account(models.Model):
    owner = models.CharField(max_length=50)
    iban = models.CharField(max_length=34)
    balance = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=['iban'], name='bank_account_iban_uniq'),
            models.CheckConstraint(check=models.Q(balance__gte=0), name='balance_non_negative'),
        ]
