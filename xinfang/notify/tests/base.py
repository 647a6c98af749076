"""A base for notify tests: the staff personas, SMS written to a file of the test's own,
e-mail to Django's locmem outbox, a fixed channel table and English UI text."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import override_settings

from xinfang.org.models import User
from xinfang.org.testing import StaffTestCase

# The channel table the tests rely on, whatever the environment sets.
CHANNELS = {
    "assigned": ("inbox", "sms"),
    "instruction": ("inbox", "sms"),
    "overdue": ("inbox", "sms", "email"),
    "reminder": ("inbox",),
}


def notify_settings(sms_file: Path, **changes: Any) -> override_settings:
    values: dict[str, Any] = {
        "XF_NOTIFY_CHANNELS": CHANNELS,
        "XF_NOTIFY_DISPATCH": "inline",
        "XF_NOTIFY_QUEUE": "",
        "XF_NOTIFY_RETRY_BASE_SECONDS": 60,
        "XF_NOTIFY_RETRY_MAX_SECONDS": 3600,
        "XF_NOTIFY_MAX_ATTEMPTS": 5,
        "XF_NOTIFY_SITE_URL": "https://xf.example.gov.cn",
        "XF_SMS_GATEWAY": "xinfang.notify.gateways.FileSmsGateway",
        "XF_SMS_FILE": str(sms_file),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return override_settings(**{**values, **changes})


class NotifyTestCase(StaffTestCase):
    def setUp(self) -> None:
        super().setUp()
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.sms_file = Path(tmp.name) / "sms.log"
        overrides = notify_settings(self.sms_file)
        overrides.enable()
        self.addCleanup(overrides.disable)
        # The UI is Chinese unless the user chose otherwise; read the source strings.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def login(self, user: User) -> None:
        self.client.force_login(user)

    def sms_sent(self) -> list[dict[str, str]]:
        """Return the SMS the file gateway has written, oldest first."""
        if not self.sms_file.exists():
            return []
        lines = self.sms_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]
