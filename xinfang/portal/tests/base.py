"""A base for the portal's tests: the county of the staff tests, a private attachments
store in a temporary folder, fresh rate-limit counters, and a petition to submit."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.urls import reverse

from xinfang.cases.tests.factories import use_temporary_attachments, valid_id
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.tests.captcha_helpers import solved_captcha_payload


class PortalTestCase(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.attachments_dir = use_temporary_attachments(self)
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
