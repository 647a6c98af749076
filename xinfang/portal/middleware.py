"""Serve the portal alone on its own host names."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PORTAL_URLCONF = "config.portal_urls"


class PortalHostMiddleware:
    """A request for one of XF_PORTAL_HOSTS is resolved against the portal's URLs only:
    its pages at the root, and nothing of the staff side is reachable from that host."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hosts = settings.XF_PORTAL_HOSTS
        if hosts and request.get_host().rsplit(":", 1)[0].lower() in hosts:
            request.urlconf = PORTAL_URLCONF
        return self.get_response(request)
