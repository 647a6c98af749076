"""Signatures, band keys and similarity estimates of texts."""

from __future__ import annotations

import numpy as np
from django.test import SimpleTestCase

from xinfang.routing.dedupe import (
    BANDS,
    NUM_PERM,
    band_key_matrix,
    band_keys,
    case_text,
    estimate_similarity,
    is_empty,
    normalise,
    shingle_hashes,
    signature,
    signature_bytes,
    signature_from_bytes,
    signatures,
)
from xinfang.routing.tests.dedupe import texts as t


def sign(title: str, content: str) -> np.ndarray:
    return signature(case_text(title, content))


class SignatureTests(SimpleTestCase):
    def test_it_signs_a_text_with_fixed_values(self) -> None:
        sig = sign(t.ORIGINAL_TITLE, t.ORIGINAL)
        self.assertEqual(sig.dtype, np.uint32)
        self.assertEqual(sig.shape, (NUM_PERM,))
        np.testing.assert_array_equal(sig, sign(t.ORIGINAL_TITLE, t.ORIGINAL))

    def test_the_batch_path_gives_the_same_signatures(self) -> None:
        texts = [
            case_text(t.ORIGINAL_TITLE, t.ORIGINAL),
            "",
            case_text(t.KTV_TITLE, t.KTV),
            "您好！谢谢！",
            case_text(t.WAGES_TITLE, t.WAGES),
            "噪音",
        ]
        batch = signatures(texts, chunk=4)
        for text, row in zip(texts, batch, strict=True):
            np.testing.assert_array_equal(row, signature(text))
        np.testing.assert_array_equal(band_key_matrix(batch[:1])[0], band_keys(batch[0]))

    def test_it_ignores_greetings_thanks_punctuation_and_letter_width(self) -> None:
        plain = "楼下ktv噪音很大，晚上睡不着。"
        dressed = "尊敬的各位领导：您好！楼下ＫＴＶ噪音很大……晚上睡不着！！非常感谢！"
        self.assertEqual(normalise(dressed), "楼下ktv噪音很大 晚上睡不着")
        self.assertEqual(estimate_similarity(signature(plain), signature(dressed)), 1.0)

    def test_reordered_sentences_keep_every_shingle(self) -> None:
        first = "烧烤店营业到凌晨两点。油烟飘进窗户。已经反映过三次。"
        second = "已经反映过三次。烧烤店营业到凌晨两点。油烟飘进窗户。"
        self.assertEqual(estimate_similarity(signature(first), signature(second)), 1.0)

    def test_a_shingle_never_spans_title_and_content(self) -> None:
        joined = shingle_hashes(case_text("噪音扰民", "楼下烧烤"))
        apart = np.concatenate([shingle_hashes("噪音扰民"), shingle_hashes("楼下烧烤")])
        self.assertEqual(sorted(joined.tolist()), sorted(apart.tolist()))

    def test_a_paraphrase_is_more_alike_than_other_matters_of_the_same_place(self) -> None:
        original = sign(t.ORIGINAL_TITLE, t.ORIGINAL)
        paraphrase = estimate_similarity(original, sign(t.PARAPHRASE_TITLE, t.PARAPHRASE))
        ktv = estimate_similarity(original, sign(t.KTV_TITLE, t.KTV))
        sidewalk = estimate_similarity(original, sign(t.SIDEWALK_TITLE, t.SIDEWALK))
        self.assertGreaterEqual(paraphrase, 0.4)
        self.assertLess(ktv, 0.25)
        self.assertLess(sidewalk, 0.3)

    def test_a_text_without_shingles_has_an_empty_signature_and_no_band_keys(self) -> None:
        for text in ["", "。。。", "尊敬的领导：您好！谢谢！", "好"]:
            with self.subTest(text=text):
                sig = signature(text)
                self.assertTrue(is_empty(sig))
                self.assertEqual(band_keys(sig), [])
                self.assertEqual(estimate_similarity(sig, sig), 0.0)

    def test_band_keys_are_distinct_signed_64_bit_integers(self) -> None:
        keys = band_keys(sign(t.ORIGINAL_TITLE, t.ORIGINAL))
        self.assertEqual(len(keys), BANDS)
        self.assertEqual(len(set(keys)), BANDS)
        for key in keys:
            self.assertIsInstance(key, int)
            self.assertTrue(-(2**63) <= key < 2**63)
        self.assertEqual(keys, band_keys(sign(t.ORIGINAL_TITLE, t.ORIGINAL)))

    def test_equal_values_in_different_bands_give_different_keys(self) -> None:
        sig = np.full(NUM_PERM, 7, dtype=np.uint32)
        self.assertEqual(len(set(band_keys(sig))), BANDS)

    def test_a_signature_survives_the_database_bytes(self) -> None:
        sig = sign(t.WAGES_TITLE, t.WAGES)
        data = signature_bytes(sig)
        self.assertEqual(len(data), NUM_PERM * 4)
        np.testing.assert_array_equal(signature_from_bytes(memoryview(data)), sig)
