from __future__ import annotations

from xinfang.cases.models import ServiceLevelRule
from xinfang.cases.tests.views.base import StaffPageTestCase


class ServiceLevelRuleAdminTests(StaffPageTestCase):
    URL = "/admin/cases/servicelevelrule/add/"

    def form(self, **changes: str) -> dict[str, str]:
        data = {
            "name": "12345 热线 5 分钟签收",
            "deadline": "acknowledge",
            "channel": "phone",
            "amount": "5",
            "unit": "minutes",
            "remind_before": "2m",
            "priority": "100",
            "is_active": "on",
        }
        data.update(changes)
        return data

    def setUp(self) -> None:
        super().setUp()
        self.root.is_staff = self.root.is_superuser = True
        self.root.save()

    def test_an_administrator_adds_a_rule(self) -> None:
        self.login(self.root)
        response = self.client.post(self.URL, self.form())
        self.assertEqual(response.status_code, 302)
        rule = ServiceLevelRule.objects.get()
        self.assertEqual((rule.amount, rule.unit, rule.remind_before), (5, "minutes", "2m"))

    def test_an_unreadable_reminder_is_refused_with_a_message(self) -> None:
        self.login(self.root)
        response = self.client.post(self.URL, self.form(remind_before="2 weeks"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Cannot read")
        self.assertFalse(ServiceLevelRule.objects.exists())

    def test_staff_without_admin_rights_cannot_reach_it(self) -> None:
        self.login(self.dan)
        response = self.client.get(self.URL)
        self.assertEqual(response.status_code, 302)  # to the admin login
