import cProfile, pstats, io, time
import pytest
from django.test import override_settings
from django.core.handlers.wsgi import WSGIHandler
from django.test.client import RequestFactory
from content.factories import build_site
from civicgrid.response_cache import FrontCache

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/12", "KEY_PREFIX": "p"}}

@pytest.mark.django_db
def test_prof(client, tree):
    with override_settings(CACHES=REDIS):
        from django.core.cache import cache
        cache.clear()
        site = build_site(tree["district"][0])
        url = site["communities"][0].url
        print(len(client.get(url).content))
        app = FrontCache(WSGIHandler())
        environ = RequestFactory().get(url).environ
        environ.pop("HTTP_COOKIE", None)
        def call():
            body = []
            def sr(status, headers): body.append(status)
            r = app(dict(environ), sr)
            b"".join(r)
            return body[0]
        print(call(), call())
        t = time.perf_counter()
        for _ in range(1000): call()
        print("per hit us", (time.perf_counter()-t)/1000*1e6)
        pr = cProfile.Profile(); pr.enable()
        for _ in range(500): call()
        pr.disable()
        s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(25); print(s.getvalue())
