"""Liveness and readiness probe for load balancers, monitoring and `make demo`."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from civicgrid.task_queue import queue_status

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    try:
        # A write, as the response cache, its version tags and the sign-in counters need.
        cache.set("healthz-probe", 1, 10)
    except Exception:  # every backend raises its own: Redis, the file system
        logger.exception("health check: cache unreachable")
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "cache": "unreachable"}, status=503
        )
    try:
        queue = queue_status()
    except DatabaseError:
        logger.exception("health check: task queue unreadable")
        return JsonResponse(
            {
                "status": "unavailable",
                "database": "ok",
                "cache": "ok",
                "tasks": {"status": "unreadable"},
            },
            status=503,
        )
    return JsonResponse(
        {
            "status": "unavailable" if queue.is_stuck else "ok",
            "database": "ok",
            "cache": "ok",
            "tasks": queue.as_json(),
        },
        status=503 if queue.is_stuck else 200,
    )
