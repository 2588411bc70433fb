"""Login throttling: repeated failures lock the account name and the client address for a while.

Counts live in the cache (Redis in production) so every worker process sees the same numbers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


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
    def keys(username: str, address: str) -> list[str]:
        keys = [f"login-failures:address:{address}"]
        if username:
            keys.append(f"login-failures:user:{username.strip().lower()}")
        return keys

    def is_locked(self, username: str, address: str) -> bool:
        counts = cache.get_many(self.keys(username, address))
        return any(count >= self.max_failures for count in counts.values())

    def record_failure(self, username: str, address: str) -> None:
        for key in self.keys(username, address):
            # add() starts the lock window at the first failure; incr() keeps its expiry.
            if not cache.add(key, 1, self.lock_seconds):
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, self.lock_seconds)

    def clear(self, username: str) -> None:
        cache.delete(f"login-failures:user:{username.strip().lower()}")


def client_address(request) -> str:
    """REMOTE_ADDR: the proxy in front of the app must set it to the real client address."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
