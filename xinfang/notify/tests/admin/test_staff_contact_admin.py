from __future__ import annotations

from django.conf import settings

from xinfang.notify.models import Contact
from xinfang.org.testing import StaffTestCase

PREFIX = "notify_contact"


class StaffContactAdminTests(StaffTestCase):
    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.root.is_staff = self.root.is_superuser = True
        self.root.save()
        self.client.force_login(self.root)

    def test_the_staff_page_edits_the_mobile_number(self) -> None:
        url = f"/admin/org/user/{self.hank.pk}/change/"
        self.assertContains(self.client.get(url), f"{PREFIX}-__prefix__-mobile")

        response = self.client.post(
            url,
            {
                "username": "hank",
                "full_name": self.hank.full_name,
                "unit": self.hank.unit_id,
                "role": self.hank.role,
                "is_active": "on",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "09:00:00",
                f"{PREFIX}-TOTAL_FORMS": "1",
                f"{PREFIX}-INITIAL_FORMS": "0",
                f"{PREFIX}-MIN_NUM_FORMS": "0",
                f"{PREFIX}-MAX_NUM_FORMS": "1",
                f"{PREFIX}-0-mobile": "13900001111",
                f"{PREFIX}-0-sms_enabled": "on",
                f"{PREFIX}-0-user": self.hank.pk,
            },
        )

        self.assertEqual(response.status_code, 302)
        contact = Contact.objects.get(user=self.hank)
        self.assertEqual(
            (contact.mobile, contact.sms_enabled, contact.email_enabled),
            ("13900001111", True, False),
        )
