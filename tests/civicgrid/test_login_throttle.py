"""Sign-in throttling under parallel tries, on every cache the project runs with."""

import os
import threading
import time
import uuid
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.test import RequestFactory

from civicgrid.security.forms import ThrottledLoginForm
from civicgrid.security.throttle import LoginThrottle
from civicgrid.security.two_factor import views as two_factor

PARALLEL_TRIES = 40
ADDRESS = "10.0.0.1"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


class CountingBackend:
    """Refuses every password and counts how many it was asked to check."""

    checks = 0
    lock = threading.Lock()

    def authenticate(self, request, username=None, password=None, **kwargs):
        with self.lock:
            type(self).checks += 1
        # A real password hash takes a good part of a second; keep the checks overlapping.
        time.sleep(0.05)
        return None


@pytest.fixture(params=["locmem", "file", "redis"])
def shared_cache(request, settings, tmp_path):
    """The cache every thread sees: each thread opens its own connection to it."""
    settings.CACHES = {
        "default": {
            "locmem": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"throttle-{uuid.uuid4()}",
            },
            "file": {"BACKEND": "civicgrid.cache.FileBasedCache", "LOCATION": str(tmp_path)},
            "redis": {
                "BACKEND": "civicgrid.cache_redis.FailSoftRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"civicgrid-test-{uuid.uuid4()}",
            },
        }[request.param]
    }
    yield
    # The Redis server is shared: remove only what this test wrote.
    cache.delete_many(LoginThrottle.from_settings().keys("clerk", ADDRESS))


def in_parallel(attempt, count=PARALLEL_TRIES):
    start = threading.Barrier(count)
    results = []

    def run():
        start.wait()
        try:
            results.append(attempt())
        finally:
            cache.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_wrong_passwords__only_the_limit_is_ever_checked(shared_cache, settings):
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.CountingBackend"]
    CountingBackend.checks = 0

    def wrong_sign_in():
        request = RequestFactory().post("/admin/login/", REMOTE_ADDR=ADDRESS)
        form = ThrottledLoginForm(request, data={"username": "clerk", "password": "wrong"})
        return form.is_valid()

    results = in_parallel(wrong_sign_in)

    assert results == [False] * PARALLEL_TRIES
    assert CountingBackend.checks == settings.LOGIN_MAX_FAILURES == 10
    assert LoginThrottle.from_settings().is_locked("clerk", ADDRESS)


def test_parallel_wrong_codes__only_the_limit_is_ever_checked(shared_cache, settings):
    clerk = get_user_model()(username="clerk", is_staff=True)
    checked = []

    def count_check(user, token):
        checked.append(token)
        time.sleep(0.05)
        return None

    def wrong_code():
        request = RequestFactory().post("/admin/two-factor/verify/", {"code": "000000"})
        request.META["REMOTE_ADDR"] = ADDRESS
        request.user = clerk
        request.session = SessionStore()
        request._messages = CookieStorage(request)
        return two_factor.verify(request).status_code

    with (
        mock.patch.object(two_factor.policy, "has_two_factor", return_value=True),
        mock.patch.object(two_factor.policy, "retry_wait_seconds", return_value=0),
        mock.patch.object(two_factor.policy, "matching_device", side_effect=count_check),
    ):
        in_parallel(wrong_code)

    assert len(checked) == settings.LOGIN_MAX_FAILURES == 10


def test_file_cache__a_count_keeps_the_expiry_of_its_first_try(tmp_path, settings):
    """Django's file cache reset the entry to its 5-minute default timeout on every incr()."""
    settings.CACHES = {
        "default": {"BACKEND": "civicgrid.cache.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    throttle = LoginThrottle.from_settings()
    now = time.time()

    for _ in range(3):
        assert throttle.reserve("clerk", ADDRESS)

    with mock.patch("time.time", return_value=now + 6 * 60):
        assert cache.get(throttle.user_key("clerk")) == 3
    with mock.patch("time.time", return_value=now + throttle.lock_seconds + 1):
        assert cache.get(throttle.user_key("clerk")) is None
