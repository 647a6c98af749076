"""Test-wide settings. Real databases, real services; only password hashing is made cheap."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # The test database holds no real secrets; PBKDF2's deliberate slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Each test starts without the per-process caches a rolled-back test may have filled
    (a rollback sends no delete signals)."""
    from xinfang.core.caching import clear_process_caches

    clear_process_caches()
