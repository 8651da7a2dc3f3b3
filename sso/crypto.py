"""Client secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`.

The key comes from SSO_ENCRYPTION_KEY, or from SECRET_KEY when that is empty; either string
is stretched to Fernet's 32 bytes with SHA-256 (both are long random strings already).
Changing the key makes the stored secrets unreadable: they are then entered again.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet():
    secret = settings.SSO_ENCRYPTION_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(f"sso-client-secret:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plain):
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token):
    """The secret, or "" when there is none or the key has changed since it was stored."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
