"""The public portal: what a citizen sees of the system, from a phone, without an account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The portal's front page: submit, track, rate, ask, the law library."""
    return render(request, "portal/home.html")
