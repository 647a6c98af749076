"""A base for API tests: a token client per persona, English messages."""

from __future__ import annotations

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from xinfang.org.models import User
from xinfang.org.testing import StaffTestCase


class ApiTestCase(StaffTestCase):
    def api(self, user: User | None = None) -> APIClient:
        """Return a client that authenticates as user with a token (anonymous without one)."""
        client = APIClient()
        # Messages in the English source strings, whatever translations are compiled.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client
