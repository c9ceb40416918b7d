from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from .models import TenantDomain


@require_GET
def current_tenant(request):
    """The tenant that owns the host this request was made to."""
    tenant = TenantDomain.tenant_for_host(request.get_host())
    if tenant is None:
        raise Http404("No tenant is configured for this host.")
    return JsonResponse(
        {
            "name": tenant.name,
            "slug": tenant.slug,
            "domains": list(tenant.domains.values_list("domain", flat=True)),
        }
    )
