"""The crypto suite: international or national (国密) algorithms, switchable by one setting."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import hashes
from django.test import SimpleTestCase, override_settings

from xinfang.core import crypto

SM = override_settings(XF_CRYPTO_SUITE="sm")
INTL = override_settings(XF_CRYPTO_SUITE="intl")
ID_ZHANG = "11010519491231002X"


def sm3(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


class CryptoTests(SimpleTestCase):
    def test_sm4_gcm_round_trips(self) -> None:
        with SM:
            token = crypto.encrypt(ID_ZHANG)
            self.assertTrue(token.startswith("sm:"))
            self.assertNotIn(ID_ZHANG, token)
            self.assertEqual(crypto.decrypt(token), ID_ZHANG)
            self.assertEqual(crypto.decrypt(crypto.encrypt("张三 138")), "张三 138")

    def test_aes_gcm_round_trips(self) -> None:
        with INTL:
            token = crypto.encrypt(ID_ZHANG)
            self.assertTrue(token.startswith("aes:"))
            self.assertEqual(crypto.decrypt(token), ID_ZHANG)

    def test_a_value_stays_readable_after_switching_suites(self) -> None:
        with INTL:
            aes = crypto.encrypt(ID_ZHANG)
        with SM:
            sm = crypto.encrypt("13800138000")
            self.assertEqual(crypto.decrypt(aes), ID_ZHANG)
        with INTL:
            self.assertEqual(crypto.decrypt(sm), "13800138000")

    def test_it_detects_a_tampered_sm4_ciphertext(self) -> None:
        with SM:
            raw = bytearray(base64.b64decode(crypto.encrypt(ID_ZHANG)[3:]))
            raw[14] ^= 1
            with self.assertRaises(crypto.DecryptionError):
                crypto.decrypt("sm:" + base64.b64encode(bytes(raw)).decode())

    def test_it_refuses_a_ciphertext_under_another_key(self) -> None:
        with SM:
            token = crypto.encrypt(ID_ZHANG)
        with SM, override_settings(XF_DATA_KEY="another deployment's key"):
            with self.assertRaises(crypto.DecryptionError):
                crypto.decrypt(token)

    def test_it_refuses_an_unknown_scheme(self) -> None:
        with self.assertRaises(crypto.DecryptionError):
            crypto.decrypt("rot13:abcd")

    def test_the_sm_suite_hashes_with_sm3(self) -> None:
        with SM:
            self.assertEqual(crypto.hash_algorithm(), "sm3")
            self.assertEqual(crypto.digest(b"abc"), sm3(b"abc"))
        # The GB/T 32905 test vector for "abc".
        self.assertEqual(
            sm3(b"abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        )
        with INTL:
            self.assertEqual(crypto.hash_algorithm(), "sha256")
            self.assertEqual(crypto.digest(b"abc"), hashlib.sha256(b"abc").hexdigest())

    def test_each_digest_can_be_checked_under_its_own_algorithm(self) -> None:
        with INTL:
            self.assertEqual(crypto.digest(b"abc", "sm3"), sm3(b"abc"))
        with self.assertRaises(ValueError):
            crypto.digest(b"abc", "md5")

    def test_the_keyed_hash_is_stable_under_each_suite(self) -> None:
        for suite in (SM, INTL):
            with suite:
                first = crypto.keyed_hash("id:" + ID_ZHANG)
                self.assertEqual(first, crypto.keyed_hash("id:" + ID_ZHANG))
                self.assertNotEqual(first, crypto.keyed_hash("id:" + ID_ZHANG.lower()))
                self.assertEqual(len(first), 64)
