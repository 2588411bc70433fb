"""Bearer secrets (a reporter's tracking token, an Open311 client's key), kept only as hashes.

A token of 24 random bytes cannot be guessed, so a plain SHA-256 is enough to look it up
without keeping anything a leaked database would give away."""

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
