"""ID numbers at rest: Fernet-encrypted, with a keyed hash for exact-match search.

The key comes from the environment (`PERSONAL_DATA_KEY`, a Fernet key). The lookup hash uses a key
derived from it, so the stored hash tells nothing to someone without the key: ID numbers are few
enough (birth dates × regions × sequences) that a plain hash could be reversed by trying them all.
Fernet is authenticated, so a wrong key can never decrypt to garbage: it raises, and start-up checks
a stored sample (`checks.py`) so a wrong key stops the site before anyone reads a record.
"""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "PERSONAL_DATA_KEY"


class PersonalDataKeyError(ImproperlyConfigured):
    """The configured key is missing, malformed, or not the one the data was encrypted with."""


def configured_keys() -> list[str]:
    """The keys in PERSONAL_DATA_KEY: the first encrypts, any of them decrypts. A new key goes
    in front; the lookup hash is derived from the last (the first ever used), so rotating keys
    leaves every stored hash valid."""
    value = getattr(settings, SETTING, "") or ""
    return [key.strip() for key in value.split(",") if key.strip()]


@functools.cache
def _keys(joined: str) -> tuple[MultiFernet, bytes]:
    keys = [key for key in joined.split(",") if key]
    if not keys:
        raise PersonalDataKeyError(
            f"环境变量 {SETTING} 未设置: 居民身份证号加密需要它 "
            f"(generate one with: python -c 'from cryptography.fernet import Fernet; "
            f"print(Fernet.generate_key().decode())')"
        )
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except (ValueError, TypeError):
        raise PersonalDataKeyError(
            f"{SETTING} 不是有效的 Fernet 密钥 (32 url-safe base64-encoded bytes)"
        ) from None
    lookup_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"civicgrid id-number lookup"
    ).derive(base64.urlsafe_b64decode(keys[-1]))
    return MultiFernet(fernets), lookup_key


def keys():
    return _keys(",".join(configured_keys()))


def require_key() -> None:
    """Raise PersonalDataKeyError unless a well-formed key is configured."""
    keys()


def encrypt(text: str) -> str:
    return keys()[0].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return keys()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise PersonalDataKeyError(
            f"{SETTING} 与加密数据时使用的密钥不符: 无法解密居民身份证号"
        ) from None


def lookup_digest(text: str) -> str:
    return hmac.new(keys()[1], text.encode(), hashlib.sha256).hexdigest()
