from django.db import models


class Tenant(models.Model):
    """A customer organisation. Every request is served for one tenant."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=63, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TenantDomain(models.Model):  # expect: PF204
    """A host name that routes to a tenant (``acme.harbor.example``)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253)
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        indexes = [
            models.Index(fields=["domain"]),  # expect: PF101
            models.Index(fields=["tenant", "is_primary"]),  # expect: PF101
        ]

    def __str__(self):
        return self.domain

    @classmethod
    def tenant_for_host(cls, host):
        """The active tenant a request's host name belongs to, or None."""
        host = host.split(":", 1)[0].lower()
        match = (
            cls.objects.select_related("tenant")
            .filter(domain=host, tenant__is_active=True)
            .first()
        )
        return match.tenant if match else None
