from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from xinfang.notify.gateways import FileSmsGateway, GatewayError


class FileSmsGatewayTests(SimpleTestCase):
    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)

    def test_it_appends_one_json_line_per_sms(self) -> None:
        path = self.dir / "logs" / "sms.log"
        with override_settings(XF_SMS_FILE=str(path)):
            FileSmsGateway().send(phone="13900000001", text="第一条")
            FileSmsGateway().send(phone="13900000002", text="第二条\n两行")
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        self.assertEqual(
            [(line["phone"], line["text"]) for line in lines],
            [("13900000001", "第一条"), ("13900000002", "第二条\n两行")],
        )
        self.assertIn("at", lines[0])

    def test_without_a_file_setting_it_writes_under_the_var_directory(self) -> None:
        with override_settings(XF_SMS_FILE="", VAR_DIR=self.dir):
            FileSmsGateway().send(phone="13900000001", text="x")
        self.assertTrue((self.dir / "sms.log").exists())

    def test_a_file_it_cannot_write_raises_a_gateway_error(self) -> None:
        (self.dir / "taken").write_text("a file, not a directory")
        with override_settings(XF_SMS_FILE=str(self.dir / "taken" / "sms.log")):
            with self.assertRaises(GatewayError):
                FileSmsGateway().send(phone="13900000001", text="x")
