"""Redis down: the site is served uncached, staff sign in and save, /healthz says 503."""

import socket
import threading

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


@pytest.fixture
def hung_redis(settings):
    """A Redis that takes connections and commands but never answers; counts the commands."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    listener.settimeout(0.2)
    received = []
    done = threading.Event()

    def swallow():
        connections = []
        while not done.is_set():
            try:
                connection, _address = listener.accept()
                connection.setblocking(False)
                connections.append(connection)
            except TimeoutError:
                pass
            for connection in connections:
                try:
                    if connection.recv(65536):
                        received.append(1)
                except BlockingIOError:
                    pass

    thread = threading.Thread(target=swallow, daemon=True)
    thread.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{listener.getsockname()[1]}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield received
    done.set()
    thread.join()
    listener.close()


@pytest.mark.django_db
def test_a_redis_that_never_answers_is_asked_once_not_on_every_call(client, tree, hung_redis):
    pages = build_site(tree["district"][0])

    for address in ("/", pages["communities"][0].url, "/api/registry/grids/"):
        assert client.get(address).status_code == 200, address

    assert len(hung_redis) == 1  # one command timed out; the rest were not sent
    assert client.get("/healthz").status_code == 503
