"""A base for tests of staff pages: English UI text, log in as a persona."""

from __future__ import annotations

from django.conf import settings

from xinfang.org.models import User
from xinfang.org.testing import StaffTestCase


class StaffPageTestCase(StaffTestCase):
    def setUp(self) -> None:
        super().setUp()
        # The UI is Chinese unless the user chose otherwise (the language cookie); choose
        # English so the tests read the source strings, whatever translations are compiled.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def login(self, user: User) -> None:
        self.client.force_login(user)
