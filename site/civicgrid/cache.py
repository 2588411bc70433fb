"""The default cache when no REDIS_URL is set: Django's file cache with atomic counters."""

import os
import pickle
import time
import zlib
from contextlib import contextmanager

from django.core.cache.backends import filebased
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.files import locks


class FileBasedCache(filebased.FileBasedCache):
    """Django's file cache, with add(), incr(), touch() and delete() ordered by one lock.

    Django's incr() reads and then writes, so two processes counting failed sign-ins can both
    read 3 and both write 4. A lock file in the cache folder (flock: it holds between threads
    and between the web processes and the worker sharing the folder) orders every change a
    counter can race with. incr() also keeps the entry's expiry, as Redis does, where Django's
    resets it to the default timeout and so stretches or shortens a sign-in lock.
    """

    lock_file_name = "counters.lock"

    @contextmanager
    def _counter_lock(self):
        self._createdir()
        with open(os.path.join(self._dir, self.lock_file_name), "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._counter_lock():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._counter_lock():
            expiry, value = self._read_entry(key, version)
            new_value = value + delta
            timeout = None if expiry is None else expiry - time.time()
            self.set(key, new_value, timeout, version)
            return new_value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        with self._counter_lock():
            return super().touch(key, timeout, version)

    def delete(self, key, version=None):
        with self._counter_lock():
            return super().delete(key, version)

    def _read_entry(self, key, version):
        """(expiry, value) of a live entry, in the layout Django's file cache writes."""
        try:
            with open(self._key_to_file(key, version), "rb") as entry:
                expiry = pickle.load(entry)
                value = pickle.loads(zlib.decompress(entry.read()))
        except (FileNotFoundError, EOFError):
            raise ValueError(f"Key '{key}' not found") from None
        if expiry is not None and expiry < time.time():
            raise ValueError(f"Key '{key}' not found")
        return expiry, value
