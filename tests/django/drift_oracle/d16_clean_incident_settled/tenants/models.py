from django.db import models


class Tenant(models.Model):
    name = models.CharField(max_length=200)


class TenantDomain(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name='domains')
    domain = models.CharField(max_length=253)
    is_primary = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=['domain']),
            models.Index(fields=['tenant', 'is_primary']),
        ]
