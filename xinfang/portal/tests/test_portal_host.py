from __future__ import annotations

from django.test import override_settings

from xinfang.portal.tests.base import PortalTestCase


@override_settings(
    XF_PORTAL_HOSTS=["xf.example.gov.cn"], ALLOWED_HOSTS=["testserver", "xf.example.gov.cn"]
)
class PortalHostTests(PortalTestCase):
    def test_the_portal_host_serves_the_portal_at_its_root(self):
        response = self.client.get("/submit/", headers={"host": "xf.example.gov.cn"})

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="/track/"')

    def test_the_portal_host_reaches_no_staff_page(self):
        for path in ("/cases/", "/login/", "/admin/", "/api/v1/cases/"):
            with self.subTest(path):
                response = self.client.get(path, headers={"host": "xf.example.gov.cn"})
                self.assertEqual(response.status_code, 404)

    def test_other_hosts_keep_the_portal_under_its_prefix(self):
        self.assertEqual(self.client.get("/portal/submit/").status_code, 200)
        self.assertEqual(self.client.get("/login/").status_code, 200)
