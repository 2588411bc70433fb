"""Liveness and readiness probe for load balancers, monitoring and `make demo`."""

import logging

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
        queue = queue_status()
    except DatabaseError:
        logger.exception("health check: task queue unreadable")
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "tasks": {"status": "unreadable"}},
            status=503,
        )
    return JsonResponse(
        {
            "status": "unavailable" if queue.is_stuck else "ok",
            "database": "ok",
            "tasks": queue.as_json(),
        },
        status=503 if queue.is_stuck else 200,
    )
