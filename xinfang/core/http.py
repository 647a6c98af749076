"""Small HTTP helpers shared by the staff pages and the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download_response(filename: str, body: bytes, content_type: str) -> HttpResponse:
    """Return body as a download named filename (UTF-8 names work in every browser)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def docx_response(filename: str, body: bytes) -> HttpResponse:
    """Return body as a DOCX download named filename."""
    return download_response(filename, body, DOCX_TYPE)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, body: bytes) -> HttpResponse:
    """Return body as an Excel (XLSX) download named filename."""
    return download_response(filename, body, XLSX_TYPE)


# Rows on one page of a staff list.
PAGE_SIZE = 50


def page_of(
    request: HttpRequest, rows: Sequence[Any] | QuerySet[Any], size: int = PAGE_SIZE
) -> Page:
    """Return the page of rows the request's ``page`` parameter asks for (the last page when
    it is past the end, the first when it is not a number)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))
