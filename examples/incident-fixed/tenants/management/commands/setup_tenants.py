import os

from django.core.management.base import BaseCommand
from django.db import transaction

from tenants.models import Tenant, TenantDomain


class Command(BaseCommand):
    help = "Create the default tenant and its domains. Safe to run on every deploy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", default=os.environ.get("HARBOR_DEFAULT_TENANT_NAME", "Harbor")
        )
        parser.add_argument(
            "--slug", default=os.environ.get("HARBOR_DEFAULT_TENANT_SLUG", "harbor")
        )
        parser.add_argument(
            "--domain",
            action="append",
            dest="domains",
            help="Host name of the tenant; repeat for several. The first is primary.",
        )

    @transaction.atomic
    def handle(self, *args, name, slug, domains, **options):
        domains = domains or [
            d.strip()
            for d in os.environ.get("HARBOR_DEFAULT_TENANT_DOMAINS", "api.harbor.example").split(",")
            if d.strip()
        ]
        tenant, created = Tenant.objects.get_or_create(slug=slug, defaults={"name": name})
        self.stdout.write(f"{'Created' if created else 'Found'} tenant {tenant.slug}")
        for position, domain in enumerate(domains):
            _, created = TenantDomain.objects.get_or_create(
                domain=domain,
                defaults={"tenant": tenant, "is_primary": position == 0},
            )
            if created:
                self.stdout.write(f"  added domain {domain}")
        self.stdout.write(self.style.SUCCESS("Tenants are set up."))
