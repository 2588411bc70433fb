"""Liveness and readiness probe for load balancers, monitoring and `make demo`."""

import logging

from django.core.cache import cache, caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from civicgrid.cache_redis import FailSoftRedisCache
from civicgrid.task_queue import queue_status

logger = logging.getLogger(__name__)


def cache_writable() -> bool:
    """A write, as the response cache, its version tags and the sign-in counters need. Redis
    answers a write it cannot take as a miss (`cache_redis`): it is asked directly."""
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):
        return backend.reachable()
    try:
        cache.set("healthz-probe", 1, 10)
    except Exception:  # every backend raises its own: the file system, a plain Redis
        logger.exception("health check: cache unreachable")
        return False
    return True


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
    if not cache_writable():
        logger.error("health check: cache unreachable")
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
