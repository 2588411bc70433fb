"""This process's clients of Redis, for the reads and writes that bypass Django's cache API,
and one round trip to read several cache keys, as cheap as the cache allows.

Django's Redis backend builds a new client object for every call, which costs more than the
round trip itself; the response cache's hot path reads, and the version bumps write, through a
client kept per process instead (`redis_client`), with the backend's own keys and serializer,
so what it reads is what `cache.set` wrote. Other backends (the file cache, tests' local memory)
go through `get_many`.

`redis_client` is also where these callers meet an outage (`cache_redis`): while Redis rests
after a failure it hands out no client, and a failure inside its block is noted (the rest
starts, once a minute it is logged); either way the caller gets `CacheUnavailable`, and treats
it as a miss or a lost bump.
"""

from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from civicgrid.cache_redis import OUTAGE, CacheUnavailable, note_outage, resting

_clients: dict[tuple[int, bool], object] = {}


def redis_backend() -> RedisCache | None:
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


@contextmanager
def redis_client(backend: RedisCache, *, write: bool = False):
    """This process's client of `backend`'s Redis (one for reads, one for writes). Raises
    `CacheUnavailable` without asking while Redis rests, and when it fails in the block."""
    if resting():
        raise CacheUnavailable("Redis is resting after a failure")
    key = (id(backend._cache), write)
    client = _clients.get(key)
    if client is None:
        client = _clients[key] = backend._cache.get_client(write=write)
    try:
        yield client
    except OUTAGE as error:
        note_outage()
        raise CacheUnavailable("Redis failed") from error


def get_many(keys: list[str]) -> dict:
    backend = redis_backend()
    if backend is None:
        return caches["default"].get_many(keys)
    loads = backend._cache._serializer.loads
    with redis_client(backend) as client:
        values = client.mget([backend.make_and_validate_key(key) for key in keys])
    return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}
