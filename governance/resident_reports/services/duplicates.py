"""One report per form shown: a double tap, or two tabs posting the same form at once, file it
once, and the second post is sent to the first one's status page.

The form's signed time stamp names the form. The first post claims it in the cache (add() is
atomic in Redis and in the file and local caches); a later post waits for the first to finish
and reads its token. A failed first post gives the claim back, so the corrected form can be
sent."""

import hashlib
import time

from django.core.cache import cache

CLAIMED = "…"
KEEP_SECONDS = 15 * 60
WAIT_SECONDS = 10


def key_for(stamp: str) -> str:
    return "report-form-sent:" + hashlib.sha256(stamp.encode()).hexdigest()


def once_per_form(stamp: str) -> str | None:
    """None when this post is the first of its form (go on and file it); else the token of
    the report the first post filed, once it has (None too if it failed meanwhile)."""
    if not stamp or cache.add(key_for(stamp), CLAIMED, KEEP_SECONDS):
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        token = cache.get(key_for(stamp))
        if token != CLAIMED:
            return token or None
        time.sleep(0.1)
    return None


def form_sent_or_not(stamp: str, token: str | None) -> None:
    """The first post's outcome: its token for the posts that follow, or the claim given back."""
    if not stamp:
        return
    if token is None:
        cache.delete(key_for(stamp))
    else:
        cache.set(key_for(stamp), token, KEEP_SECONDS)
