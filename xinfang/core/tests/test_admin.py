"""The admin pages for local days off."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from xinfang.core.models import LocalDayOff
from xinfang.core.workdays import add_workdays

SHANGHAI = ZoneInfo("Asia/Shanghai")


@override_settings(TIME_ZONE="Asia/Shanghai")
class LocalDayOffAdminTests(TestCase):
    def test_a_day_off_an_administrator_adds_moves_the_deadlines(self) -> None:
        admin = get_user_model().objects.create_superuser("root", "root@example.cn", "pw")
        self.client.force_login(admin)
        response = self.client.post(
            "/admin/core/localdayoff/add/",
            {"date": "2026-10-12", "name": "台风停工", "is_workday": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(LocalDayOff.objects.get().name, "台风停工")
        start = dt.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI)
        self.assertEqual(add_workdays(start, 5), dt.datetime(2026, 10, 13, 10, tzinfo=SHANGHAI))
        self.assertContains(self.client.get("/admin/core/localdayoff/"), "台风停工")

    def test_it_refuses_a_staff_member_without_admin_rights(self) -> None:
        outsider = get_user_model().objects.create_user("clerk", password="pw")
        self.client.force_login(outsider)
        response = self.client.get("/admin/core/localdayoff/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
