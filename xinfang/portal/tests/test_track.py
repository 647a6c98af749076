from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from xinfang.cases.models import Case
from xinfang.cases.services import (
    case_accept,
    case_acknowledge,
    case_assign,
    case_merge,
    case_progress,
    case_reply,
)
from xinfang.cases.tests.factories import register_case
from xinfang.portal.tests.base import PortalTestCase

FROZEN = dt.datetime(2026, 11, 30, 10, 0, 30, tzinfo=dt.UTC)


class PortalTrackTests(PortalTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.submit()
        self.case = Case.objects.get()
        self.password = self.client.get(reverse("portal:submitted")).context["receipt"]["password"]
        self.client.session.flush()
        self.client.cookies.pop("sessionid", None)

    def track(self, code: str, password: str):
        return self.client.post(reverse("portal:track"), {"code": code, "password": password})

    def test_it_opens_the_case_with_its_code_and_password(self):
        response = self.track(self.case.code.lower(), self.password.lower())

        self.assertRedirects(response, reverse("portal:case", args=[self.case.code]))
        page = self.client.get(reverse("portal:case", args=[self.case.code]))
        self.assertContains(page, "Received, waiting to be accepted")
        self.assertContains(page, "Your petition was received and registered")
        self.assertContains(page, "Decision on acceptance by")

    def test_a_wrong_password_and_a_wrong_code_give_the_same_answer(self):
        wrong_password = self.track(self.case.code, "WRONG234")
        wrong_code = self.track("XF-2026-999999", self.password)

        self.assertEqual(wrong_password.status_code, wrong_code.status_code)
        self.assertEqual(
            wrong_password.context["form"].non_field_errors(),
            wrong_code.context["form"].non_field_errors(),
        )
        self.assertContains(
            wrong_code, "The case code or the query password is not right.", status_code=400
        )
        self.assertEqual(
            self.client.get(reverse("portal:case", args=[self.case.code])).status_code, 404
        )

    def test_the_sixth_attempt_in_a_minute_is_refused_even_with_the_right_password(self):
        with time_machine.travel(FROZEN, tick=False):
            for _ in range(5):
                self.assertEqual(self.track(self.case.code, "WRONG234").status_code, 400)
            sixth = self.track(self.case.code, self.password)

        self.assertEqual(sixth.status_code, 429)
        self.assertContains(sixth, "Too many attempts", status_code=429)
        with time_machine.travel(FROZEN + dt.timedelta(minutes=2), tick=False):
            later = self.track(self.case.code, self.password)
        self.assertEqual(later.status_code, 302)

    def test_a_case_is_not_shown_to_a_browser_that_did_not_open_it(self):
        response = self.client.get(reverse("portal:case", args=[self.case.code]))

        self.assertEqual(response.status_code, 404)

    def test_the_access_ends_after_the_set_minutes(self):
        with time_machine.travel(FROZEN, tick=False):
            self.track(self.case.code, self.password)
        with time_machine.travel(FROZEN + dt.timedelta(minutes=31), tick=False):
            response = self.client.get(reverse("portal:case", args=[self.case.code]))

        self.assertEqual(response.status_code, 404)

    def test_it_shows_public_steps_but_not_internal_notes(self):
        case = case_accept(case=self.case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        case = case_acknowledge(case=case, actor=self.hank)
        case_progress(case=case, actor=self.hank, note="内部：先电话联系城管")
        self.track(self.case.code, self.password)

        page = self.client.get(reverse("portal:case", args=[self.case.code]))

        self.assertContains(page, "Being handled")
        self.assertContains(page, f"Given to {self.housing.name} to handle")
        self.assertContains(page, "The handling unit has taken it up")
        self.assertContains(page, "Answer due by")
        self.assertNotContains(page, "先电话联系城管")
        self.assertContains(page, "受理告知书")
        notice = self.client.get(reverse("portal:case_notice", args=[self.case.code, "acceptance"]))
        self.assertEqual(notice.status_code, 200)
        self.assertTrue(notice.content.startswith(b"PK"))
        refused = self.client.get(reverse("portal:case_notice", args=[self.case.code, "decline"]))
        self.assertEqual(refused.status_code, 404)


class PortalMergedCaseTests(PortalTestCase):
    def test_a_merged_petition_follows_its_master_up_to_the_answer(self):
        self.submit()
        case = Case.objects.get()
        master = register_case(
            self.alice, title="同一烧烤店油烟扰民", content="多名居民反映同一问题。"
        )
        case_merge(case=case, actor=self.dan, master_code=master.code)
        master = case_accept(case=master, actor=self.dan)
        master = case_assign(case=master, actor=self.dan, unit=self.housing)
        master = case_acknowledge(case=master, actor=self.hank)
        case_reply(case=master, actor=self.hank, text="已联合执法，烧烤店已整改。")

        page = self.client.get(reverse("portal:case", args=[case.code]))

        self.assertContains(page, f"Handled together with petition {master.code}")
        self.assertContains(page, f"Given to {self.housing.name} to handle")
        self.assertContains(page, "已联合执法，烧烤店已整改。")
        self.assertContains(page, "Replied")
        self.assertNotContains(page, reverse("portal:case_notice", args=[case.code, "reply"]))
