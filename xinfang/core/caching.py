"""Small per-process caches of rarely changing tables (rules, categories, units).

A ``ProcessCache`` holds what its loader read from the database for ``ttl`` seconds. Saving
or deleting a row of one of its models in this process drops it at once; other processes
see the change when their copy expires. Use it only for small tables that administrators
edit, where a change reaching every process within the ttl is acceptable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_all: list[ProcessCache[Any]] = []


class ProcessCache(Generic[T]):
    def __init__(
        self, load: Callable[[], T], *, ttl: float, models: Iterable[type[models.Model]]
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._value: tuple[float, T] | None = None
        self._lock = threading.Lock()
        for model in models:
            post_save.connect(self.clear, sender=model, weak=False)
            post_delete.connect(self.clear, sender=model, weak=False)
        _all.append(self)

    def get(self) -> T:
        """Return the cached value, loading it when absent or older than the ttl."""
        value = self._value
        if value is None or time.monotonic() - value[0] > self._ttl:
            with self._lock:
                value = self._value = (time.monotonic(), self._load())
        return value[1]

    def clear(self, **kwargs: Any) -> None:
        """Drop the cached value (also a signal receiver)."""
        self._value = None


def clear_process_caches() -> None:
    """Drop every process cache (tests: a rolled-back transaction sends no signals)."""
    for cache in _all:
        cache.clear()
