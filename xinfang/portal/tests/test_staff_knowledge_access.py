from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.models import KnowledgeEntry


class KnowledgeStaffAccessTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.entry = KnowledgeEntry.objects.order_by("pk").first()
        assert self.entry is not None
        pk = self.entry.pk
        self.pages = [
            ("get", reverse("knowledge:list")),
            ("get", reverse("knowledge:create")),
            ("post", reverse("knowledge:create")),
            ("get", reverse("knowledge:edit", args=[pk])),
            ("post", reverse("knowledge:edit", args=[pk])),
            ("post", reverse("knowledge:retire", args=[pk])),
            ("post", reverse("knowledge:restore", args=[pk])),
        ]

    def request(self, method: str, url: str):  # type: ignore[no-untyped-def]
        data = {"question": "改过的问题", "answer": "改过的回答", "source": "信访局"}
        return getattr(self.client, method)(url, data if method == "post" else None)

    def test_it_sends_the_public_to_log_in(self) -> None:
        for method, url in self.pages:
            with self.subTest(method=method, url=url):
                response = self.request(method, url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("login")))
        self.entry.refresh_from_db()
        self.assertTrue(self.entry.is_active)

    def test_it_refuses_an_outsider(self) -> None:
        # olga dispatches in another county, not at a petition bureau.
        self.login(self.olga)
        for method, url in self.pages:
            with self.subTest(method=method, url=url):
                self.assertEqual(self.request(method, url).status_code, 403)
        self.entry.refresh_from_db()
        self.assertTrue(self.entry.is_active)
        self.assertNotEqual(self.entry.question, "改过的问题")

    def test_it_refuses_roles_that_do_not_answer_the_public(self) -> None:
        for user in (self.hank, self.pat, self.sue, self.lee):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("knowledge:list")).status_code, 403)
                self.assertEqual(self.request(*self.pages[5]).status_code, 403)
        self.entry.refresh_from_db()
        self.assertTrue(self.entry.is_active)

    def test_it_lets_in_the_bureau_registrars_and_dispatchers_and_administrators(self) -> None:
        for user in (self.alice, self.dan, self.root):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("knowledge:list")).status_code, 200)

    @override_settings(
        XF_PORTAL_HOSTS=["xf.example.gov.cn"], ALLOWED_HOSTS=["testserver", "xf.example.gov.cn"]
    )
    def test_it_is_not_reachable_from_the_portal_host(self) -> None:
        self.login(self.alice)
        for method, url in self.pages:
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(url, headers={"host": "xf.example.gov.cn"})
                self.assertEqual(response.status_code, 404)
        ask = self.client.get(
            "/ask/", {"q": "复查多久出结果"}, headers={"host": "xf.example.gov.cn"}
        )
        self.assertContains(ask, 'href="/laws/')


class KnowledgeMenuTests(StaffPageTestCase):
    def test_the_staff_menu_links_the_knowledge_base_for_its_editors_only(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("cases:queue")), reverse("knowledge:list"))

        self.login(self.hank)
        self.assertNotContains(self.client.get(reverse("cases:queue")), reverse("knowledge:list"))
