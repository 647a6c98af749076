"""Small HTTP helpers shared by the staff pages and the API."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(filename: str, body: bytes) -> HttpResponse:
    """Return body as a DOCX download named filename (UTF-8 names work in every browser)."""
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
