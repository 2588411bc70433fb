"""Redis down: the site is served uncached, staff sign in and save, /healthz says 503."""

import pytest
from django.contrib.auth import get_user_model

from content.factories import build_site
from governance.factories import PersonFactory

DOWN = {
    "default": {
        "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DOWN


@pytest.mark.django_db
def test_public_pages_and_the_api_are_served_while_redis_is_down(client, tree, redis_down):
    pages = build_site(tree["district"][0])
    community = pages["communities"][0]
    for address in (
        "/",
        community.url,
        "/search/?q=社区",
        "/api/registry/grids/",
        f"/api/registry/grids/{community.grid.code}/",
        "/sitemap.xml",
        "/report/",
    ):
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert "X-Page-Cache" not in answer, address
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_staff_sign_in_and_save_while_redis_is_down(client, tree, redis_down):
    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss-123!")

    signed_in = client.post("/admin/login/", {"username": "boss", "password": "pw-boss-123!"})
    person = PersonFactory(grid=tree["grid"][0])  # bumps its subtree's tags: lost, not raised
    person.name = "改名后"
    person.save()

    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code in (200, 302)
