"""JSON errors with a stable ``code`` and a human ``message`` for every API failure."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from xinfang.core.exceptions import ApplicationError

_STATUS_CODES = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "conflict": status.HTTP_409_CONFLICT,
    "role_not_allowed": status.HTTP_403_FORBIDDEN,
    "reveal_forbidden": status.HTTP_403_FORBIDDEN,
    "not_handling_unit": status.HTTP_403_FORBIDDEN,
    "transition_not_allowed": status.HTTP_409_CONFLICT,
    # A survey that no longer takes answers: a conflict with its state.
    "survey_answered": status.HTTP_409_CONFLICT,
    "survey_closed": status.HTTP_409_CONFLICT,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = {
            "code": exc.code,
            "message": exc.message,
            **({"extra": exc.extra} if exc.extra else {}),
        }
        return Response(body, status=_STATUS_CODES.get(exc.code, status.HTTP_400_BAD_REQUEST))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "validation_error",
            "message": _first_message(exc.detail),
            "errors": exc.detail,
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "code": getattr(detail, "code", None) or exc.default_code,
            "message": str(detail),
        }
    return response


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key == "non_field_errors" else f"{key}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)
