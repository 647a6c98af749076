from __future__ import annotations

import io
import os
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from xinfang.cases.choices import Action, CaseStatus, Channel
from xinfang.cases.models import Attachment, Case
from xinfang.cases.tests.factories import png_file
from xinfang.notify.models import Message
from xinfang.portal.services import portal_case_open
from xinfang.portal.tests.base import PortalTestCase
from xinfang.routing.choices import RoutingKind
from xinfang.routing.models import CaseFingerprint, RoutingRule, RoutingSuggestion


class PortalSubmitTests(PortalTestCase):
    def test_it_registers_the_petition_with_its_file_and_shows_the_code_and_password_once(self):
        response = self.submit(attachments=[png_file("门口.png")])

        self.assertRedirects(response, reverse("portal:submitted"), fetch_redirect_response=False)
        case = Case.objects.get()
        self.assertEqual(case.channel, Channel.WEB)
        self.assertEqual(case.status, CaseStatus.REGISTERED)
        self.assertEqual(case.registered_unit, self.bureau)
        self.assertEqual(case.registered_by.username, f"portal.{self.bureau.code}")
        self.assertFalse(case.registered_by.has_usable_password())
        self.assertEqual(case.events.get().action, Action.REGISTER)
        self.assertEqual(case.case_petitioners.get().petitioner.name, "林晓")
        attachment = Attachment.objects.get(case=case)
        self.assertEqual((attachment.name, attachment.content_type), ("门口.png", "image/png"))
        self.assertIsNone(attachment.uploaded_by)
        stored = os.path.join(self.attachments_dir, attachment.file.name)
        self.assertTrue(os.path.isfile(stored))
        self.assertNotIn("门口", attachment.file.name)

        shown = self.client.get(reverse("portal:submitted"))
        password = shown.context["receipt"]["password"]
        self.assertContains(shown, case.code)
        self.assertEqual(portal_case_open(code=case.code, password=password), case)
        self.assertRedirects(self.client.get(reverse("portal:submitted")), reverse("portal:track"))
        sms = Message.objects.get(kind="portal_receipt")
        self.assertEqual(sms.address, "13800138000")
        self.assertIn(case.code, sms.body)
        self.assertIn(password, sms.body)

    def test_it_runs_the_same_checks_as_staff_intake(self):
        RoutingRule.objects.create(keyword="烧烤", unit=self.housing)

        self.submit()

        case = Case.objects.get()
        suggestion = RoutingSuggestion.objects.get(case=case, kind=RoutingKind.UNIT)
        self.assertEqual(suggestion.suggestions[0]["name"], self.housing.name)
        self.assertTrue(CaseFingerprint.objects.filter(case=case).exists())

    def test_it_refuses_an_id_number_with_a_bad_checksum_at_the_field_and_keeps_the_text(self):
        good = self.petition()["id_number"]
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")

        response = self.submit(id_number=bad)

        self.assertEqual(response.status_code, 400)
        self.assertIn("check character", str(response.context["form"].errors["id_number"]))
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertContains(response, "每晚十点后烧烤店", status_code=400)
        self.assertContains(response, "小区门口烧烤店油烟扰民", status_code=400)
        self.assertFalse(Case.objects.exists())

    def test_it_refuses_a_file_that_claims_to_be_a_picture_but_is_not(self):
        fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a picture at all", "image/jpeg")

        response = self.submit(attachments=[png_file(), fake])

        self.assertEqual(response.status_code, 400)
        self.assertIn("photo.jpg", str(response.context["form"].errors["attachments"]))
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(os.listdir(self.attachments_dir), [])

    def test_it_refuses_a_picture_cut_short(self):
        whole = png_file().read()
        cut = SimpleUploadedFile("cut.png", whole[: len(whole) // 2], "image/png")

        response = self.submit(attachments=[cut])

        self.assertEqual(response.status_code, 400)
        self.assertIn("cut.png", str(response.context["form"].errors["attachments"]))

    def test_it_accepts_a_pdf_and_refuses_too_many_files(self):
        pdf = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
        with self.settings(XF_ATTACHMENT_MAX_FILES=1):
            refused = self.submit(attachments=[png_file(), pdf])
            self.assertEqual(refused.status_code, 400)
            self.assertIn("At most 1", str(refused.context["form"].errors["attachments"]))

            accepted = self.submit(
                attachments=[SimpleUploadedFile("letter.pdf", pdf.file.getvalue())]
            )

        self.assertEqual(accepted.status_code, 302)
        self.assertEqual(Attachment.objects.get().content_type, "application/pdf")

    def test_it_limits_petitions_per_phone(self):
        with self.settings(XF_PORTAL_SUBMIT_PHONE_RATE="2/d"):
            for _ in range(2):
                self.assertEqual(self.submit().status_code, 302)
            third = self.submit()

        self.assertEqual(third.status_code, 429)
        self.assertIn("phone", third.context["form"].errors)
        self.assertEqual(Case.objects.count(), 2)

    def test_it_refuses_a_petition_without_the_robot_check(self):
        response = self.submit(captcha="")

        self.assertEqual(response.status_code, 400)
        self.assertIn("not a robot", str(response.context["form"].errors["captcha"]))
        self.assertFalse(Case.objects.exists())

    def test_it_fills_the_matter_from_a_question_carried_over(self):
        response = self.client.get(reverse("portal:submit"), {"content": "楼道灯坏了三个月"})

        self.assertContains(response, "楼道灯坏了三个月")


class PictureSizeTests(PortalTestCase):
    def test_it_refuses_a_picture_of_too_many_pixels_before_decoding_it(self):
        buffer = io.BytesIO()
        Image.new("1", (400, 300)).save(buffer, format="PNG")
        big = SimpleUploadedFile("huge.png", buffer.getvalue(), "image/png")

        with mock.patch("xinfang.core.uploads.MAX_IMAGE_PIXELS", 100_000):
            response = self.submit(attachments=[big])

        self.assertEqual(response.status_code, 400)
        self.assertIn("huge.png", str(response.context["form"].errors["attachments"]))
