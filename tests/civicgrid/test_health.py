from unittest import mock

import pytest
from django.db import OperationalError


def test_healthz__ok_when_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert response.json()["tasks"]["status"] == "ok"


def test_healthz__503_when_database_unreachable(client, db):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("civicgrid.health.connection", broken):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz__503_when_the_task_queue_cannot_be_read(client, db):
    with mock.patch("civicgrid.health.queue_status", side_effect=OperationalError("no such table")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "ok",
        "tasks": {"status": "unreadable"},
    }


@pytest.mark.parametrize(
    "backend",
    ["civicgrid.cache_redis.FailSoftRedisCache", "django.core.cache.backends.redis.RedisCache"],
)
def test_healthz__503_when_the_cache_cannot_be_reached(client, db, settings, backend):
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}
