"""The one error type services raise for a refused business action."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A request the business rules refuse.

    ``code`` is stable and machine-readable (the API returns it); ``message`` is for people
    and is already translated; ``extra`` carries details such as the field at fault.
    """

    def __init__(self, message: str, *, code: str = "invalid", extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)
