"""Text normalisation and word segmentation for the routing classifiers.

Segmentation uses rjieba, the Python binding of jieba-rs: the jieba algorithm and dictionary
compiled into the wheel, so nothing is downloaded or written at run time, and it segments
about 18 times faster than the pure-Python jieba with the same words on this domain (see
bench/README.md). It is imported on first use: a process that never classifies never loads
the dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from xinfang.core.segmentation import cut, cut_for_search

# A document is one text, or its fields (title first, then body and any other text).
Document = str | Sequence[str]

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold full-width forms and case (NFKC, lower case) and collapse runs of whitespace."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "").lower()).strip()


def fields(document: Document) -> tuple[str, ...]:
    """Return a document's fields: a single text is one field."""
    if isinstance(document, str):
        return (document,)
    return tuple(str(part or "") for part in document)


def joined(document: Document) -> str:
    """Return the whole normalised text of a document, its fields joined by a space."""
    return normalise(" ".join(fields(document)))


def title(document: Document) -> str:
    """Return the normalised first field when the document has several, else "".

    A single text has no separate title, so the title features stay empty for it rather
    than repeating the whole text.
    """
    parts = fields(document)
    return normalise(parts[0]) if len(parts) > 1 else ""


def segment(text: str) -> list[str]:
    """Return the words of a text (jieba's accurate mode), without whitespace tokens."""
    return [word for word in cut(text) if word.strip()]


def segment_fine(text: str) -> list[str]:
    """Return the words of a text and the dictionary words inside its long words.

    jieba's search mode: 拖欠工资 gives 拖欠, 工资 and 拖欠工资, so a text that says only
    工资 still shares a feature with it.
    """
    return [word for word in cut_for_search(text) if word.strip()]


def segmenter_version() -> str:
    """Return the installed segmenter's name and version, for a model's metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rjieba {version('rjieba')}"
    except PackageNotFoundError:  # pragma: no cover - rjieba is a dependency
        return "rjieba unknown"


SEGMENTERS: dict[str, Callable[[str], list[str]]] = {"words": segment, "fine": segment_fine}
