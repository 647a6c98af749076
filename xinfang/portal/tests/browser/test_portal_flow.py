"""The whole way through, in a real browser at phone width: a citizen submits a petition
with a photo; a handler sees it in the register and replies; the citizen opens it with the
code and password, reads the answer and rates it. Every portal page is photographed and
checked for accessibility, weight and sideways scrolling."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from django.core.cache import cache
from PIL import Image
from playwright.sync_api import expect

from xinfang.cases.models import Case
from xinfang.cases.services import case_accept, case_acknowledge, case_assign
from xinfang.cases.tests.factories import valid_id
from xinfang.followup.choices import SurveyAnswer, SurveyChannel
from xinfang.followup.models import Survey
from xinfang.org.testing import PASSWORD, create_county
from xinfang.portal.tests.browser.base import PortalBrowserTestCase

STAFF_SCREEN = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


class PortalFlowTests(PortalBrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        create_county(self)
        folder = Path(tempfile.mkdtemp(prefix="xf-photo-"))
        self.photo = folder / "现场照片.png"
        buffer = io.BytesIO()
        Image.new("RGB", (120, 90), (30, 120, 200)).save(buffer, format="PNG")
        self.photo.write_bytes(buffer.getvalue())

    def check(self, page, name: str) -> None:
        self.shot(page, name)
        self.assertNoSeriousA11yViolations(page)
        self.assertPageWeightWithinBudget(page)
        self.assertNoHorizontalScroll(page)

    def test_a_petition_goes_from_the_phone_to_the_register_and_back_with_a_rating(self) -> None:
        # The citizen writes, with a photo.
        page = self.open("/portal/submit/")
        self.check(page, "1-submit")
        page.get_by_label("真实姓名").fill("林晓")
        page.get_by_label("身份证号码").fill(valid_id("33010219800101123"))
        page.get_by_label("手机号码").fill("13800138000")
        page.get_by_label("标题", exact=True).fill("小区门口烧烤店油烟扰民")
        page.get_by_label("发生了什么").fill("每晚十点后烧烤店在人行道上营业，油烟和噪音影响休息。")
        page.get_by_label("地点", exact=True).select_option(label=self.county.name)
        page.get_by_label("附件").set_input_files(str(self.photo))
        page.locator("altcha-widget input[type=checkbox]").focus()
        page.keyboard.press("Space")  # the robot check, ticked from the keyboard
        expect(page.locator("input[name=captcha]")).to_have_value(re.compile(".+"), timeout=20_000)
        page.get_by_role("button", name="提交").click()
        page.wait_for_url(re.compile(r"/portal/submit/done/$"))
        self.check(page, "2-submitted")
        code = page.locator("dd.code").nth(0).inner_text().strip()
        password = page.locator("dd.code").nth(1).inner_text().strip()
        case = Case.objects.get(code=code)
        self.assertEqual(case.attachments.get().name, "现场照片.png")

        # The handling unit takes it up; its handler finds it in the register and replies.
        case = case_accept(case=case, actor=self.dan)
        case = case_assign(case=case, actor=self.dan, unit=self.housing)
        case_acknowledge(case=case, actor=self.hank)
        staff = self.browser.new_context(**STAFF_SCREEN)
        self.addCleanup(staff.close)
        desk = staff.new_page()
        desk.goto(self.live_server_url + "/login/")
        desk.fill("#id_username", "hank")
        desk.fill("#id_password", PASSWORD)
        desk.press("#id_password", "Enter")
        desk.wait_for_url(re.compile(r"/cases/"))
        desk.goto(self.live_server_url + "/cases/")
        desk.get_by_role("link", name=code).first.click()
        desk.get_by_text("现场照片.png").wait_for()
        desk.on("dialog", lambda dialog: dialog.accept())
        reply = desk.locator("details.xf-action", has=desk.locator("form[action$='/reply/']"))
        reply.locator("summary").click()
        reply.locator("textarea[name=text]").fill("经核查，已责令烧烤店夜间十点前收摊。")
        reply.locator("form button").click()
        desk.wait_for_load_state("load")
        self.shot(desk, "3-staff-replied")
        self.assertTrue(case.events.filter(action="reply").exists())

        # The citizen, later and in another browser, opens it with the code and password.
        self.context.clear_cookies()
        page = self.open("/portal/track/")
        self.check(page, "4-track")
        page.get_by_label("信访编号").fill(code)
        page.get_by_label("查询密码").fill(password)
        page.get_by_role("button", name="查询").click()
        page.wait_for_url(re.compile(rf"/portal/track/{code}/$"))
        self.check(page, "5-case-answered")
        self.assertIn("已责令烧烤店", page.content())

        page.get_by_label("满意", exact=True).check()
        page.get_by_role("button", name="提交评价").click()
        page.wait_for_url(re.compile(rf"/portal/track/{code}/$"))
        self.check(page, "6-case-rated")
        survey = Survey.objects.get(case=case)
        self.assertEqual(
            (survey.answer, survey.channel), (SurveyAnswer.SATISFIED, SurveyChannel.PORTAL)
        )
