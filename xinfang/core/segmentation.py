"""Chinese word segmentation, shared by every app that reads Chinese text.

rjieba is the Python binding of jieba-rs: the jieba algorithm and dictionary compiled into
the wheel, so nothing is downloaded or written at run time. It is imported on first use: a
process that never segments never loads the dictionary.
"""

from __future__ import annotations

import threading
from typing import Any

_segmenter: Any = None
_lock = threading.Lock()


def _rjieba() -> Any:
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                import rjieba

                _segmenter = rjieba
    return _segmenter


def cut(text: str) -> list[str]:
    """Return jieba's tokens of text in accurate mode, whitespace and punctuation included."""
    return _rjieba().cut(text)  # type: ignore[no-any-return]


def cut_for_search(text: str) -> list[str]:
    """Return jieba's tokens in search mode: long words and the dictionary words inside
    them (拖欠工资 gives 拖欠, 工资 and 拖欠工资)."""
    return _rjieba().cut_for_search(text)  # type: ignore[no-any-return]
