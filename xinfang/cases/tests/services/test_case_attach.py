from __future__ import annotations

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinfang.cases.choices import Action
from xinfang.cases.models import Attachment
from xinfang.cases.services import case_attach, case_close, case_decline
from xinfang.cases.tests.factories import png_file, register_case, use_temporary_attachments
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.core.exceptions import ApplicationError


class CaseAttachTests(StaffPageTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.folder = use_temporary_attachments(self)
        self.case = register_case(self.alice)

    def test_it_keeps_the_files_and_names_them_in_the_chain(self):
        case = case_attach(case=self.case, actor=self.alice, files=[png_file("信件.png")])

        event = case.events.order_by("-seq").first()
        self.assertEqual(event.action, Action.ATTACH)
        self.assertEqual(event.from_status, event.to_status)
        attachment = Attachment.objects.get(case=case)
        self.assertEqual(event.payload["files"][0]["name"], "信件.png")
        self.assertEqual(event.payload["files"][0]["sha256"], attachment.sha256)
        self.assertEqual(attachment.uploaded_by, self.alice)
        self.assertTrue(os.path.isfile(os.path.join(self.folder, attachment.file.name)))

    def test_it_refuses_a_disguised_file_and_records_nothing(self):
        fake = SimpleUploadedFile("scan.pdf", b"this is not a pdf")

        with self.assertRaises(ApplicationError) as refused:
            case_attach(case=self.case, actor=self.alice, files=[png_file(), fake])

        self.assertIn("scan.pdf", refused.exception.message)
        self.assertFalse(self.case.events.filter(action=Action.ATTACH).exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(os.listdir(self.folder), [])

    def test_it_refuses_a_finished_case(self):
        declined = case_decline(case=self.case, actor=self.dan, reason="应通过诉讼解决")
        closed = case_close(case=declined, actor=self.dan)

        with self.assertRaises(ApplicationError) as refused:
            case_attach(case=closed, actor=self.alice, files=[png_file()])

        self.assertEqual(refused.exception.code, "transition_not_allowed")

    def test_it_refuses_an_outsider_and_a_role_that_does_not_attach(self):
        for actor in (self.olga, self.lee):
            with self.subTest(actor.username), self.assertRaises(ApplicationError):
                case_attach(case=self.case, actor=actor, files=[png_file()])
        self.assertFalse(Attachment.objects.exists())

    def test_the_case_page_takes_files_through_its_action_form(self):
        self.login(self.alice)
        url = reverse("cases:action", args=[self.case.code, Action.ATTACH.value])

        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        response = self.client.post(url, {"files": [png_file("现场.png")], "note": "来信附件"})

        self.assertContains(page, 'enctype="multipart/form-data"')
        self.assertRedirects(response, reverse("cases:detail", args=[self.case.code]))
        detail = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(detail, "现场.png")
