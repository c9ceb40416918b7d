"""
Health endpoints for the load balancer, Docker and the deploy workflow.

- ``/api/v1/health/``: liveness. The process is up and Django answers.
- ``/api/v1/ready/``: readiness. The database answers and no migration is
  pending.
"""
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "database": str(exc)}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "pending_migrations": [str(m) for m, _ in pending]},
            status=503,
        )
    return JsonResponse({"status": "ok"})
