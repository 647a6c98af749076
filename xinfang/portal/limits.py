"""Rate limits of the portal's public pages, counted in Django's cache by django-ratelimit."""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def rate_limited(request: HttpRequest, group: str, rate: str, key: object = "ip") -> bool:
    """Count this request against group's limit (per address unless key says otherwise);
    True once the limit is passed."""
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
