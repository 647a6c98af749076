from __future__ import annotations

import json

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from xinfang.notify.gateways import GatewayError, HttpSmsGateway, render_body_template
from xinfang.notify.tests.sms_server import SmsServer, unused_url

TEMPLATE = '{"to": ["{phone}"], "msg": "【信访】{text}", "meta": {"{phone}": 1, "n": 2}}'


class HttpSmsGatewayTests(SimpleTestCase):
    def gateway(self, url: str, **settings: object) -> HttpSmsGateway:
        with override_settings(
            XF_SMS_URL=url,
            XF_SMS_BODY_TEMPLATE=settings.get("template", TEMPLATE),
            XF_SMS_TIMEOUT=5.0,
        ):
            return HttpSmsGateway()

    def test_it_posts_the_filled_template_as_json(self) -> None:
        with SmsServer(status=200) as server:
            self.gateway(server.url).send(phone="13900000001", text="请于3日内答复")
        [posted] = server.received
        self.assertEqual(
            posted["json"],
            {
                "to": ["13900000001"],
                "msg": "【信访】请于3日内答复",
                "meta": {"13900000001": 1, "n": 2},
            },
        )
        self.assertEqual(posted["content_type"], "application/json; charset=utf-8")

    def test_any_2xx_answer_means_accepted(self) -> None:
        with SmsServer(status=202) as server:
            self.gateway(server.url).send(phone="13900000001", text="x")
        self.assertEqual(len(server.received), 1)

    def test_quotes_backslashes_and_newlines_in_the_text_stay_inside_their_string(self) -> None:
        text = 'a"}, "to": ["110"], "x": "\\\n{phone}'
        body = render_body_template(TEMPLATE, phone="13900000001", text=text)
        parsed = json.loads(body)
        self.assertEqual(parsed["to"], ["13900000001"])
        self.assertEqual(parsed["msg"], "【信访】" + text)

    def test_a_non_2xx_answer_raises_a_gateway_error_with_the_status(self) -> None:
        with SmsServer(status=500) as server, self.assertRaises(GatewayError) as caught:
            self.gateway(server.url).send(phone="13900000001", text="x")
        self.assertIn("HTTP 500", str(caught.exception))
        self.assertIn("busy", str(caught.exception))

    def test_a_refused_connection_raises_a_gateway_error(self) -> None:
        with self.assertRaises(GatewayError) as caught:
            self.gateway(unused_url()).send(phone="13900000001", text="x")
        self.assertIn("unreachable", str(caught.exception))

    def test_it_refuses_to_start_without_a_url_or_with_a_template_that_is_not_json(self) -> None:
        with self.assertRaises(ImproperlyConfigured):
            self.gateway("")
        with self.assertRaises(ImproperlyConfigured):
            self.gateway("http://127.0.0.1:9/", template='{"phone": {phone}}')
