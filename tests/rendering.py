"""A reader the response cache does not answer, for tests that count what a page reads."""

from django.test import Client


def rendering_client() -> Client:
    """A reader with a cookie: every page is rendered, never replayed from the cache (an
    unknown query parameter no longer makes a new cache entry)."""
    client = Client()
    client.cookies["seen"] = "1"
    return client
