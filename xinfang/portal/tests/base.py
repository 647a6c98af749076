"""A base for the portal's tests: the county of the staff tests, a private attachments
store in a temporary folder, fresh rate-limit counters, and a petition to submit."""

from __future__ import annotations

import io
import shutil
import tempfile
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from xinfang.cases.tests.factories import valid_id
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.tests.captcha_helpers import solved_captcha_payload


def png_file(name: str = "photo.png") -> SimpleUploadedFile:
    """A real (small) PNG picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class PortalTestCase(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        folder = tempfile.mkdtemp(prefix="xf-attachments-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        storages = {
            **settings.STORAGES,
            "attachments": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder, "base_url": None},
            },
        }
        overridden = override_settings(STORAGES=storages)
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.attachments_dir = folder
        cache.clear()  # the rate limits count in the cache
        self.addCleanup(cache.clear)

    def petition(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": "林晓",
            "id_number": valid_id("33010219800101123"),
            "phone": "13800138000",
            "title": "小区门口烧烤店油烟扰民",
            "content": "每晚十点后烧烤店在人行道上营业，油烟和噪音影响休息，请求整治。",
            "region": self.county.pk,
            "address": "清源县人民路12号",
            "captcha": solved_captcha_payload(),
        }
        data.update(overrides)
        return data

    def submit(self, **overrides: Any) -> Any:
        return self.client.post(reverse("portal:submit"), self.petition(**overrides))
