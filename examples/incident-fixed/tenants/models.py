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


class TenantDomain(models.Model):
    """A host name that routes to a tenant (``acme.harbor.example``)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253)
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        # Explicit names, so they no longer depend on the table name. They are the
        # names these indexes already have in every database (generated in 0001
        # for the old table, tenants_domain): keeping them costs no DDL, whereas a
        # rename needs ownership of the index and a migration of its own.
        indexes = [
            models.Index(fields=["domain"], name="tenants_dom_domain_6df599_idx"),
            models.Index(fields=["tenant", "is_primary"], name="tenants_dom_tenant__3bd559_idx"),
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
