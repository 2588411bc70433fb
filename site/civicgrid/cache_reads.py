"""One round trip to read several cache keys, as cheap as the cache allows.

Django's Redis backend builds a new client object for every call, which costs more than the
round trip itself; the response cache's hot path reads through one client kept per process
instead, with the backend's own keys and serializer, so what it reads is what `cache.set`
wrote. Other backends (the file cache, tests' local memory) go through `get_many`.
"""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

_clients: dict[int, object] = {}


def redis_backend() -> RedisCache | None:
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def get_many(keys: list[str]) -> dict:
    backend = redis_backend()
    if backend is None:
        return caches["default"].get_many(keys)
    client = _clients.get(id(backend._cache))
    if client is None:
        client = _clients[id(backend._cache)] = backend._cache.get_client(write=False)
    loads = backend._cache._serializer.loads
    values = client.mget([backend.make_and_validate_key(key) for key in keys])
    return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}
