from __future__ import annotations

import base64
import json
from datetime import timedelta

import time_machine
from django import forms
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from xinfang.portal import captcha
from xinfang.portal.captcha import CaptchaField
from xinfang.portal.tests.captcha_helpers import solved_captcha_payload

MESSAGE = "Please complete the check that you are not a robot."


class ExampleForm(forms.Form):
    name = forms.CharField()
    captcha = CaptchaField()


def _edited(payload: str, edit: dict[str, object], part: str = "parameters") -> str:
    """Return the payload with some of its challenge parameters (or solution) replaced."""
    data = json.loads(base64.b64decode(payload))
    target = data["challenge"]["parameters"] if part == "parameters" else data["solution"]
    target.update(edit)
    return base64.b64encode(json.dumps(data).encode()).decode()


class CaptchaTests(TestCase):
    def setUp(self) -> None:
        super().setUp()
        self.enterContext(translation.override("en"))

    def errors(self, payload: str | None) -> list[str]:
        data = {"name": "Wang Fang"}
        if payload is not None:
            data["captcha"] = payload
        form = ExampleForm(data)
        form.is_valid()
        return form.errors.get("captcha", [])

    # Accepted

    def test_it_accepts_a_solved_payload(self) -> None:
        form = ExampleForm({"name": "Wang Fang", "captcha": solved_captcha_payload()})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIs(form.cleaned_data["captcha"], True)

    def test_it_accepts_a_payload_solved_at_the_real_difficulty(self) -> None:
        self.assertEqual(self.errors(solved_captcha_payload(cost=captcha.COST)), [])

    # Refused

    def test_it_refuses_a_missing_payload(self) -> None:
        self.assertEqual(self.errors(None), [MESSAGE])
        self.assertEqual(self.errors(""), [MESSAGE])

    def test_it_refuses_garbage(self) -> None:
        for junk in ["x", "e30=", "!!!", "a" * (captcha.MAX_PAYLOAD_LENGTH + 1)]:
            with self.subTest(junk=junk[:10]):
                self.assertEqual(self.errors(junk), [MESSAGE])

    def test_it_refuses_a_tampered_challenge(self) -> None:
        payload = solved_captcha_payload(cost=2)
        for edit in [{"cost": 1}, {"keyPrefix": "0"}, {"expiresAt": 4_000_000_000}]:
            with self.subTest(edit=edit):
                self.assertEqual(self.errors(_edited(payload, edit)), [MESSAGE])
        # The untouched payload is still good: the refusals used nothing up.
        self.assertEqual(self.errors(payload), [])

    def test_it_refuses_a_wrong_solution(self) -> None:
        payload = solved_captcha_payload()
        data = json.loads(base64.b64decode(payload))
        wrong = {"counter": data["solution"]["counter"] + 1}
        self.assertEqual(self.errors(_edited(payload, wrong, part="solution")), [MESSAGE])

    def test_it_refuses_a_challenge_signed_with_another_key(self) -> None:
        with override_settings(XF_CAPTCHA_HMAC_KEY="another key"):
            payload = solved_captcha_payload()
        self.assertEqual(self.errors(payload), [MESSAGE])

    def test_it_refuses_an_expired_payload(self) -> None:
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            payload = solved_captcha_payload()
            traveller.shift(captcha.LIFETIME + timedelta(seconds=1))
            self.assertEqual(self.errors(payload), [MESSAGE])

    def test_it_accepts_a_payload_just_before_it_expires(self) -> None:
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            payload = solved_captcha_payload()
            traveller.shift(captcha.LIFETIME - timedelta(seconds=2))
            self.assertEqual(self.errors(payload), [])

    def test_it_refuses_a_reused_payload(self) -> None:
        payload = solved_captcha_payload()
        self.assertEqual(self.errors(payload), [])
        self.assertEqual(self.errors(payload), [MESSAGE])

    # Rendering

    def test_it_renders_the_vendored_widget_with_a_label(self) -> None:
        form = ExampleForm()
        media = str(form.media)
        self.assertInHTML(
            '<script src="/static/vendor/altcha/altcha.min.js" type="module"></script>', media
        )
        self.assertInHTML(
            '<script src="/static/vendor/altcha/zh-cn.js" type="module"></script>', media
        )
        self.assertNotIn("http", media)
        html = str(form["captcha"])
        self.assertIn('<altcha-widget id="id_captcha" name="captcha"', html)
        self.assertIn(f'challenge="{reverse("portal:captcha_challenge")}"', html)
        self.assertIn('role="group" aria-labelledby="id_captcha_label"', html)
        self.assertIn('<span id="id_captcha_label"', html)
        self.assertIn(">Check that you are not a robot</span>", html)
        self.assertIn("<noscript>", html)
        self.assertIn("needs JavaScript", html)

    def test_it_passes_the_page_language_to_the_widget(self) -> None:
        self.assertIn('language="en"', str(ExampleForm()["captcha"]))
        with translation.override("zh-hans"):
            self.assertIn('language="zh-cn"', str(ExampleForm()["captcha"]))

    def test_it_never_sends_a_payload_back(self) -> None:
        form = ExampleForm({"name": "", "captcha": solved_captcha_payload()})
        self.assertFalse(form.is_valid())
        self.assertNotIn("value=", str(form["captcha"]))

    def test_the_vendored_files_are_there(self) -> None:
        for path in [
            "vendor/altcha/altcha.min.js",
            "vendor/altcha/zh-cn.js",
            "vendor/altcha/LICENSE",
        ]:
            with self.subTest(path=path):
                self.assertIsNotNone(finders.find(path))

    # Challenge endpoint

    def test_the_challenge_url_serves_a_fresh_uncached_challenge(self) -> None:
        url = reverse("portal:captcha_challenge")
        first = self.client.get(url)
        self.assertEqual(first.status_code, 200)
        self.assertIn("no-cache", first["Cache-Control"])
        self.assertIn("no-store", first["Cache-Control"])
        body = first.json()
        self.assertEqual(body["parameters"]["algorithm"], captcha.ALGORITHM)
        self.assertEqual(body["parameters"]["cost"], captcha.COST)
        self.assertEqual(body["parameters"]["keyPrefix"], captcha.KEY_PREFIX)
        self.assertTrue(body["signature"])
        self.assertNotEqual(self.client.get(url).json()["signature"], body["signature"])

    @override_settings(XF_PORTAL_CAPTCHA_RATE="3/m", LANGUAGE_CODE="en")
    def test_the_challenge_url_hands_an_address_only_so_many_challenges(self) -> None:
        cache.clear()  # the limit counts in the cache
        self.addCleanup(cache.clear)
        url = reverse("portal:captcha_challenge")
        with time_machine.travel(timezone.now().replace(second=5), tick=False):
            statuses = [self.client.get(url).status_code for _ in range(4)]
            refused = self.client.get(url)
            other = self.client.get(url, REMOTE_ADDR="192.0.2.7")

        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertEqual(refused.status_code, 429)
        self.assertNotIn("signature", refused.json())
        self.assertIn("Too many attempts", refused.json()["error"])
        self.assertEqual(other.status_code, 200)

    def test_the_challenge_url_refuses_post(self) -> None:
        self.assertEqual(self.client.post(reverse("portal:captcha_challenge")).status_code, 405)
