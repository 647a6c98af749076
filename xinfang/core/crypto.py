"""The deployment's crypto suite: one setting picks international or national algorithms.

``XF_CRYPTO_SUITE = "intl"`` uses SHA-256, HMAC-SHA-256 and AES-256-GCM; ``"sm"`` uses the
national (国密) algorithms SM3, HMAC-SM3 and SM4-GCM, all from ``cryptography``.

Ciphertexts carry the suite that made them (``"sm:"`` / ``"aes:"`` prefix), so a deployment
that switches suites can still read what it stored before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac as std_hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_NONCE_BYTES = 12
_TAG_BYTES = 16


class DecryptionError(Exception):
    """Stored ciphertext could not be opened: wrong key or tampered data."""


def suite() -> str:
    return str(settings.XF_CRYPTO_SUITE)


def hash_algorithm() -> str:
    """Name of the hash the configured suite uses for new digests."""
    return "sm3" if suite() == "sm" else "sha256"


def digest(data: bytes, algorithm: str | None = None) -> str:
    """Return the hex digest of data under algorithm (default: the configured suite's hash)."""
    algorithm = algorithm or hash_algorithm()
    if algorithm == "sm3":
        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"unknown hash algorithm {algorithm!r}")


@lru_cache(maxsize=8)
def _derive(master: str, purpose: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(
        master.encode("utf-8")
    )


def _key(purpose: bytes, length: int) -> bytes:
    return _derive(str(settings.XF_DATA_KEY), purpose, length)


_LOOKUP_ALGORITHMS = {"intl": "sha256", "sm": "sm3"}


def keyed_hash(value: str, algorithm: str | None = None) -> str:
    """Return a keyed hash (blind index) of value, for equality look-ups of encrypted data.

    algorithm is "sha256" or "sm3"; by default the configured suite's.
    """
    algorithm = algorithm or _LOOKUP_ALGORITHMS[suite()]
    data = value.encode("utf-8")
    if algorithm == "sm3":
        mac = crypto_hmac.HMAC(_key(b"xinfang lookup sm3", 32), hashes.SM3())
        mac.update(data)
        return mac.finalize().hex()
    if algorithm == "sha256":
        return std_hmac.new(_key(b"xinfang lookup sha256", 32), data, hashlib.sha256).hexdigest()
    raise ValueError(f"unknown lookup algorithm {algorithm!r}")


def keyed_hash_candidates(value: str) -> list[str]:
    """Return value's keyed hash under every suite, the configured one first.

    Rows stored before a deployment switched suites carry the other suite's hash; looking
    up by all of them keeps those people findable.
    """
    current = _LOOKUP_ALGORITHMS[suite()]
    others = [a for a in _LOOKUP_ALGORITHMS.values() if a != current]
    return [keyed_hash(value, a) for a in [current, *others]]


def encrypt(plaintext: str) -> str:
    """Encrypt plaintext with an authenticated cipher and return printable text."""
    nonce = os.urandom(_NONCE_BYTES)
    data = plaintext.encode("utf-8")
    if suite() == "sm":
        encryptor = Cipher(
            algorithms.SM4(_key(b"xinfang data sm4", 16)), modes.GCM(nonce)
        ).encryptor()
        sealed = encryptor.update(data) + encryptor.finalize() + encryptor.tag
        return "sm:" + base64.b64encode(nonce + sealed).decode("ascii")
    sealed = AESGCM(_key(b"xinfang data aes", 32)).encrypt(nonce, data, None)
    return "aes:" + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    """Open a value made by encrypt(), whichever suite made it."""
    scheme, _, body = token.partition(":")
    try:
        raw = base64.b64decode(body.encode("ascii"), validate=True)
        nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        if scheme == "sm":
            ciphertext, tag = sealed[:-_TAG_BYTES], sealed[-_TAG_BYTES:]
            decryptor = Cipher(
                algorithms.SM4(_key(b"xinfang data sm4", 16)), modes.GCM(nonce, tag)
            ).decryptor()
            return (decryptor.update(ciphertext) + decryptor.finalize()).decode("utf-8")
        if scheme == "aes":
            return (
                AESGCM(_key(b"xinfang data aes", 32)).decrypt(nonce, sealed, None).decode("utf-8")
            )
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("stored value cannot be decrypted") from exc
    raise DecryptionError(f"unknown cipher scheme {scheme!r}")
