"""Near-duplicate cases (重复件, 一信多投): MinHash signatures and LSH bands in the database.

The same matter often arrives twice: the same person calls 12345 and writes a letter, or
neighbours file one complaint each, in their own words. At registration the dispatcher sees
the earlier cases whose text is nearly the same, with an estimated similarity, and may merge
the new case into one of them (``cases.services.case_merge``). Nothing is merged
automatically.

How two texts are compared:

1. ``normalise``: fold full-width and upper-case letters (``cases.search._FOLD``), drop
   greetings and thanks (尊敬的领导, 您好, 谢谢 …, which every letter has and a re-filed one
   changes) and links, and cut the text into runs of CJK characters, letters and digits;
   punctuation and spaces only separate runs.
2. ``shingle_hashes``: the overlapping 3-character windows of each run (a run of two
   characters is one shingle; single characters give none). No shingle spans two runs, so
   reordered sentences keep every shingle. Title and content are separate runs
   (``case_text``).
3. ``signature``: a 128-value MinHash (datasketch, scheme affine32, fixed seed) of those
   shingles. The share of equal values estimates the Jaccard similarity of the two shingle
   sets (``estimate_similarity``; standard error below 0.045).
4. ``band_keys``: the first 96 values cut into 32 bands of 3; each band hashes to one signed
   64-bit key. Two texts share at least one key with probability 1 - (1 - J³)³²: 0.59 at a
   similarity J of 0.3, 0.87 at 0.4, 0.985 at 0.5 and 0.9995 at 0.6, while unrelated
   messages (J about 0.01) almost never do.
5. ``duplicate_candidates`` shows the cases at XF_DUPLICATE_SIMILARITY (0.4) or above.
   Among the shared messages, pairs above 0.4 are nearly all one matter told twice; from
   0.2 to 0.4 they mix rewordings with one writer's template letters about different
   places; other matters of the same kind and place stay below about 0.25.

These choices were measured on the shared citizen messages and in bench/smart_intake.py
(bench/README.md): 3-character shingles separate re-filed matters from other matters of the
same kind better than 2 (whose common pairs like 我们, 问题 raise every similarity) and lose
less to a changed character than 4 or 5.

The index lives in the database (``CaseFingerprint``, ``FingerprintBand``), so every web
process and worker shares it and none holds it in memory. Band rows exist only for cases
received within ``XF_DUPLICATE_WINDOW_DAYS``; ``fingerprint_prune`` removes older ones, the
signatures stay. Changing any parameter below changes every signature or key: re-index all
cases after such a change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from xinfang.cases.choices import CaseStatus
from xinfang.cases.models import Case
from xinfang.cases.search import _CJK, _FOLD
from xinfang.routing.models import CaseFingerprint, FingerprintBand

SHINGLE_SIZE = 3  # characters (shingle_hashes is written for three)
NUM_PERM = 128
BANDS = 32
ROWS = 3
# Fixed forever: the permutations come from it, so stored signatures depend on it.
SEED = 1_202_604
# Only this much of a text (after normalising) is signed: a 20,000-character letter costs
# milliseconds, and its first pages decide whether it is the same matter.
MAX_TEXT_CHARS = 10_000
# At most this many cases sharing a band with the text are compared with it: those sharing
# the most bands, then the newest. Each costs a random row read, and a popular matter (or a
# template letter filed by hundreds) must not slow registration. A near-duplicate shares
# about 32·J³ bands (2 at J = 0.4, 11 at 0.7), most chance matches share one: at 1,000,000
# cases the benchmark's originals ranked within the first 15 of up to 700 matches.
MAX_BAND_MATCHES = 100
# Used when config/settings.py does not set XF_DUPLICATE_WINDOW_DAYS / XF_DUPLICATE_SIMILARITY.
DEFAULT_WINDOW_DAYS = 90
DEFAULT_SIMILARITY = 0.4

Signature = npt.NDArray[np.uint32]
EMPTY_VALUE = np.uint32(0xFFFFFFFF)  # datasketch's initial value: no shingle seen

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

# Applied to folded (lower-case) text. Formulas of address and thanks carry nothing of the
# matter, and a citizen re-filing the same matter changes them first. The lookahead lets the
# regex engine skip every position that cannot start one (eight times faster).
_BOILERPLATE = re.compile(
    "(?=[h尊各领您你非万十谢感此敬辛])(?:"
    + "|".join(
        [
            r"https?://[\x21-\x7e]*",
            "尊敬的[^，,：:！!。\\s]{0,12}?"
            "(?:领导|厅长|局长|市长|书记|县长|区长|镇长|主任|部长|同志|政府)们?",
            "(?:各位)?领导们?[您你]们?好",
            "[您你]们?好",
            "(?:非常|万分|十分)?(?:谢谢|感谢)[您你]?们?",
            "此致",
            "敬礼",
            "辛苦了",
        ]
    )
    + ")"
)
_LETTERS = re.compile(f"[{_CJK}a-z0-9]+")
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalise(text: str) -> str:
    """Return text folded, without greetings, thanks and links, as its runs of CJK
    characters, letters and digits separated by single spaces."""
    # str.lower is much faster than translating every character; only full-width letters
    # and digits, rare, need cases.search's fold as well.
    folded = (text or "").lower()
    if _FULL_WIDTH.search(folded):
        folded = folded.translate(_FOLD)
    return " ".join(_LETTERS.findall(_BOILERPLATE.sub(" ", folded)))[:MAX_TEXT_CHARS]


def case_text(title: str, content: str) -> str:
    """Return the text a case is signed by: its title and content, kept apart."""
    return f"{title or ''}\n{content or ''}"


_MIX_1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX_2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)


def _mix64(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, element-wise: a bijection that spreads every bit."""
    values = values ^ (values >> _SHIFT)
    values = values * _MIX_1
    values = values ^ (values >> _SHIFT)
    values = values * _MIX_2
    return values ^ (values >> _SHIFT)


def shingle_hashes(text: str) -> npt.NDArray[np.uint32]:
    """Return a 32-bit hash of each shingle of text (repeats included; order is irrelevant).

    A shingle is a window of three characters inside one run; a run of two characters is one
    shingle itself. The hash depends on the code points only, so it is the same in every
    process and version (unlike Python's hash()).
    """
    runs = normalise(text)
    if not runs:
        return np.empty(0, dtype=np.uint32)
    # One space before and two after, so that every window starts on a character of the
    # text; spaces (the run separators) become 0, which no letter is.
    codes = np.frombuffer(f" {runs}  ".encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    codes[codes == ord(" ")] = 0
    first, second, third = codes[1:-2], codes[2:-1], codes[3:]
    before = codes[:-3]
    # Inside a run, or a whole run of two (a window that starts a run and ends on a space).
    keep = (first != 0) & (second != 0) & ((third != 0) | (before == 0))
    # Code points take 21 bits: three pack into one 64-bit number without loss.
    packed = first[keep] | (second[keep] << np.uint64(21)) | (third[keep] << np.uint64(42))
    return (_mix64(packed) >> np.uint64(32)).astype(np.uint32)


# ---------------------------------------------------------------------------------------------
# Signatures and band keys
# ---------------------------------------------------------------------------------------------

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def signature(text: str) -> Signature:
    """Return the MinHash signature of text: NUM_PERM uint32 values."""
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=int,  # the shingles are hashed already (shingle_hashes)
        permutations=_PERMUTATIONS,
        scheme="affine32",
    )
    minhash.update_batch(shingle_hashes(text))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def _fmix32(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it to input
    hashes before permuting them."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signatures(texts: Sequence[str], *, chunk: int = 64) -> npt.NDArray[np.uint32]:
    """Return the signatures of many texts as rows of one array: each row equals
    ``signature(text)``, computed for a chunk of texts in a few numpy operations (bulk
    indexing, the CSV command)."""
    result = np.full((len(texts), NUM_PERM), EMPTY_VALUE, dtype=np.uint32)
    a, b = (np.asarray(p, dtype=np.uint32) for p in _PERMUTATIONS)
    for start in range(0, len(texts), chunk):
        parts = [shingle_hashes(text) for text in texts[start : start + chunk]]
        lengths = np.array([len(part) for part in parts])
        rows = np.flatnonzero(lengths)
        if not len(rows):
            continue
        mixed = _fmix32(np.concatenate(parts))
        # One row per permutation (reduceat is fastest along rows); uint32 arithmetic wraps,
        # which is the modulo 2^32 of the affine permutations.
        permuted = a[:, None] * mixed[None, :] + b[:, None]
        offsets = np.concatenate(([0], np.cumsum(lengths[rows])[:-1]))
        result[start + rows] = np.minimum.reduceat(permuted, offsets, axis=1).T
    return result


def is_empty(sig: Signature) -> bool:
    """Whether sig is the signature of a text without shingles (nothing to compare)."""
    return bool((sig == EMPTY_VALUE).all())


def signature_bytes(sig: Signature) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes | memoryview) -> Signature:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


_BAND_SEEDS = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))[None, :]


def band_key_matrix(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
    """Return the band keys of each signature row (rows × BANDS signed 64-bit ints).

    Band i's key hashes i with its ROWS values, so equal values in different bands give
    different keys and one index on ``key`` serves every band.
    """
    values = sigs[:, : BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    keys = np.repeat(_BAND_SEEDS, len(sigs), axis=0)
    for row in range(ROWS):
        keys = _mix64(keys ^ values[:, :, row])
    return keys.view(np.int64)


def band_keys(sig: Signature) -> list[int]:
    """Return the BANDS keys of sig (none for an empty signature), each fitting a
    BigIntegerField."""
    if is_empty(sig):
        return []
    return [int(key) for key in band_key_matrix(np.asarray(sig, dtype=np.uint32)[None, :])[0]]


def estimate_similarity(sig_a: Signature, sig_b: Signature) -> float:
    """Return the estimated Jaccard similarity of the two texts' shingle sets (0 to 1); 0
    when either text has no shingles."""
    if is_empty(sig_a) or is_empty(sig_b):
        return 0.0
    return float(np.count_nonzero(np.asarray(sig_a) == np.asarray(sig_b))) / NUM_PERM


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


def duplicate_window_days() -> int:
    return int(getattr(settings, "XF_DUPLICATE_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


def duplicate_similarity() -> float:
    """Return the estimated similarity from which an earlier case is shown as a duplicate."""
    return float(getattr(settings, "XF_DUPLICATE_SIMILARITY", DEFAULT_SIMILARITY))


# ---------------------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def fingerprint_index_case(*, case: Case, new: bool = False) -> CaseFingerprint:
    """Store case's signature and LSH bands, replacing any it had (new: the case was just
    registered and has none, which saves looking).

    A case received before the duplicate window gets its signature but no bands: no search
    would find it.
    """
    sig = signature(case_text(case.title, case.content))
    fingerprint = CaseFingerprint(
        case=case,
        signature=signature_bytes(sig),
        received_at=case.received_at,
        region_id=case.region_id,
    )
    fingerprint.save(force_insert=new)
    if not new:
        FingerprintBand.objects.filter(case=case).delete()
    since = timezone.now() - dt.timedelta(days=duplicate_window_days())
    if case.received_at >= since:
        FingerprintBand.objects.bulk_create(
            FingerprintBand(case=case, key=key) for key in band_keys(sig)
        )
    return fingerprint


@transaction.atomic
def fingerprint_prune(*, before: dt.datetime, batch_size: int = 2_000) -> int:
    """Delete the band rows of up to batch_size cases received before `before`; return how
    many rows were deleted (0 when none are left, so a worker calls it until then).

    Signatures stay: the group check and a later re-index read them.
    """
    case_ids = list(
        CaseFingerprint.objects.filter(received_at__lt=before)
        .filter(Exists(FingerprintBand.objects.filter(case_id=OuterRef("case_id"))))
        .order_by("received_at")
        .values_list("case_id", flat=True)[:batch_size]
    )
    if not case_ids:
        return 0
    deleted, _ = FingerprintBand.objects.filter(case_id__in=case_ids).delete()
    return deleted


# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An earlier case whose text is nearly the same as a new one's."""

    case_id: int
    code: str
    title: str
    status: str
    channel: str
    received_at: dt.datetime
    similarity: float

    @property
    def status_label(self) -> str:
        return str(CaseStatus(self.status).label)


def band_matches(
    *, keys: Sequence[int], exclude_case_id: int | None = None, limit: int = MAX_BAND_MATCHES
) -> list[tuple[int, int]]:
    """Return (case id, bands shared) of the cases holding any of keys: most bands first,
    then the newest case."""
    if not keys:
        return []
    rows = FingerprintBand.objects.filter(key__in=list(keys))
    if exclude_case_id is not None:
        rows = rows.exclude(case_id=exclude_case_id)
    return list(
        rows.values("case_id")
        .annotate(shared=Count("*"))
        .order_by("-shared", "-case_id")
        .values_list("case_id", "shared")[:limit]
    )


def duplicate_candidates(
    *,
    title: str,
    content: str,
    since: dt.datetime | None = None,
    exclude_case_id: int | None = None,
    threshold: float | None = None,
    limit: int = 10,
    scope: QuerySet[Case] | None = None,
    sig: Signature | None = None,
) -> list[Candidate]:
    """Return the cases received since `since` (default: the duplicate window) whose text is
    nearly the same as title and content, most similar first.

    1. Sign the text and look its band keys up: the cases sharing a band are candidates.
    2. Estimate each candidate's similarity from its stored signature, in the window only,
       and keep those at threshold (default XF_DUPLICATE_SIMILARITY) or above.
    3. Load their code, title and state; with scope, only the cases in it.
    Band rows exist only within the duplicate window, so an earlier `since` finds no more.
    sig, when the caller already signed the text (fingerprint_index_case), saves signing it
    again.
    """
    if sig is None:
        sig = signature(case_text(title, content))
    matches = band_matches(keys=band_keys(sig), exclude_case_id=exclude_case_id)
    if not matches:
        return []
    since = since or timezone.now() - dt.timedelta(days=duplicate_window_days())
    threshold = duplicate_similarity() if threshold is None else threshold
    stored = list(
        CaseFingerprint.objects.filter(
            case_id__in=[case_id for case_id, _ in matches], received_at__gte=since
        ).values_list("case_id", "signature")
    )
    if not stored:
        return []
    matrix = np.stack([signature_from_bytes(data) for _, data in stored])
    similarities = np.count_nonzero(matrix == sig, axis=1) / NUM_PERM
    found = {
        case_id: float(similarity)
        for (case_id, _), similarity in zip(stored, similarities, strict=True)
        if similarity >= threshold
    }
    if not found:
        return []
    cases = (scope if scope is not None else Case.objects.all()).filter(pk__in=list(found))
    candidates = [
        Candidate(
            case_id=row["pk"],
            code=row["code"],
            title=row["title"],
            status=row["status"],
            channel=row["channel"],
            received_at=row["received_at"],
            similarity=found[row["pk"]],
        )
        for row in cases.values("pk", "code", "title", "status", "channel", "received_at")
    ]
    candidates.sort(key=lambda c: (-c.similarity, -c.received_at.timestamp(), -c.case_id))
    return candidates[:limit]


def fingerprint_similarity(case_a_id: int, case_b_id: int) -> float | None:
    """Return the estimated similarity of two cases' texts from their stored signatures, or
    None when either case has none."""
    stored = dict(
        CaseFingerprint.objects.filter(case_id__in=[case_a_id, case_b_id]).values_list(
            "case_id", "signature"
        )
    )
    if case_a_id not in stored or case_b_id not in stored:
        return None
    return estimate_similarity(
        signature_from_bytes(stored[case_a_id]), signature_from_bytes(stored[case_b_id])
    )
