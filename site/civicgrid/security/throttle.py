"""Login throttling: repeated failures lock the account name and the client address for a while.

Counts live in the cache (Redis in production) so every worker process sees the same numbers.
Each try is counted before its password or code is checked, with the cache's atomic increment:
checking first and counting afterwards let parallel tries all pass the check before any of
them was counted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from civicgrid.security.counting import count_in_window, uncount


@dataclass(frozen=True)
class LoginThrottle:
    max_failures: int
    lock_seconds: int

    @classmethod
    def from_settings(cls) -> "LoginThrottle":
        return cls(
            max_failures=getattr(settings, "LOGIN_MAX_FAILURES", 10),
            lock_seconds=getattr(settings, "LOGIN_LOCK_SECONDS", 15 * 60),
        )

    @staticmethod
    def address_key(address: str) -> str:
        return f"login-failures:address:{address}"

    @staticmethod
    def user_key(username: str) -> str:
        return f"login-failures:user:{username.strip().lower()}"

    def keys(self, username: str, address: str) -> list[str]:
        keys = [self.address_key(address)]
        if username:
            keys.append(self.user_key(username))
        return keys

    def reserve(self, username: str, address: str) -> bool:
        """Count one try before its secret is checked; False, counting nothing, when locked.

        A try counts as a failure until it succeeds, so however many run in parallel at most
        `max_failures` secrets are checked per account and per address in a lock window.
        """
        counted = []
        for key in self.keys(username, address):
            count = self._count(key)
            counted.append(key)
            if count > self.max_failures:
                # A refused try checks nothing, so it must not lock anything else either.
                self._uncount(counted)
                return False
        return True

    def succeeded(self, username: str, address: str) -> None:
        """The secret was right: the try was no failure, and the account's count starts over."""
        self._uncount([self.address_key(address)])
        cache.delete(self.user_key(username))

    def is_locked(self, username: str, address: str) -> bool:
        counts = cache.get_many(self.keys(username, address))
        return any(count >= self.max_failures for count in counts.values())

    def _count(self, key: str) -> int:
        return count_in_window(key, self.lock_seconds)

    @staticmethod
    def _uncount(keys: list[str]) -> None:
        uncount(keys)
