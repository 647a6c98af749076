"""A named storage (settings.STORAGES) looked up when first used, and again after the
setting changes, so that a model field can name one without fixing it at import time."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

_named: list[NamedStorage] = []


class NamedStorage(LazyObject):
    def __init__(self, alias: str) -> None:
        super().__init__()
        self.__dict__["_alias"] = alias
        _named.append(self)

    def _setup(self) -> None:
        self._wrapped = storages[self.__dict__["_alias"]]


@receiver(setting_changed)
def _forget_storages(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        for storage in _named:
            storage._wrapped = empty
