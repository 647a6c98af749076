"""SMS gateways, chosen by dotted path in ``XF_SMS_GATEWAY``.

A gateway is a class built without arguments (it reads its settings) whose ``send(phone=,
text=)`` returns when the gateway has accepted the SMS and raises ``GatewayError`` when it
has not. ``notify_dispatch`` records the error and tries again later.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any, Protocol

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A gateway refused a message or could not be reached; the message says why."""


class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


def sms_gateway() -> SmsGateway:
    """Return an instance of the SMS gateway named by ``XF_SMS_GATEWAY``."""
    gateway: SmsGateway = import_string(settings.XF_SMS_GATEWAY)()
    return gateway


# File


class FileSmsGateway:
    """Append each SMS as one JSON line to a file (``XF_SMS_FILE``, default var/sms.log).

    The embedded default: nothing leaves the machine, and a developer can read what would
    have been sent.
    """

    _lock = threading.Lock()

    def __init__(self) -> None:
        self.path = Path(settings.XF_SMS_FILE or Path(settings.VAR_DIR) / "sms.log")

    def send(self, *, phone: str, text: str) -> None:
        line = json.dumps(
            {"at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:
            raise GatewayError(f"cannot write to {self.path}: {exc}") from exc


# HTTP

_PLACEHOLDER = re.compile(r"\{(phone|text)\}")


def render_body_template(template: str, *, phone: str, text: str) -> str:
    """Return the JSON body for one SMS: template with {phone} and {text} filled in.

    The template must itself be JSON, with the placeholders inside its strings
    (``{"mobile": "{phone}", "content": "{text}"}``). It is parsed, the placeholders are
    replaced in every string (keys included), and the result is serialised again, so quotes,
    backslashes and newlines in the text can never break out of their string.
    """
    try:
        parsed = json.loads(template)
    except ValueError as exc:
        raise ImproperlyConfigured(f"XF_SMS_BODY_TEMPLATE is not valid JSON: {exc}") from exc
    values = {"phone": phone, "text": text}

    def fill(node: Any) -> Any:
        if isinstance(node, str):
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], node)
        if isinstance(node, list):
            return [fill(item) for item in node]
        if isinstance(node, dict):
            return {fill(key): fill(value) for key, value in node.items()}
        return node

    return json.dumps(fill(parsed), ensure_ascii=False)


class HttpSmsGateway:
    """POST each SMS as JSON to an HTTP gateway (``XF_SMS_URL``).

    The body comes from ``XF_SMS_BODY_TEMPLATE``; any 2xx answer means accepted. Another
    status, a timeout (``XF_SMS_TIMEOUT`` seconds) or a connection error raises
    ``GatewayError``.
    """

    def __init__(self) -> None:
        self.url: str = settings.XF_SMS_URL
        if not self.url:
            raise ImproperlyConfigured("HttpSmsGateway needs XF_SMS_URL")
        self.template: str = settings.XF_SMS_BODY_TEMPLATE
        self.timeout: float = settings.XF_SMS_TIMEOUT
        render_body_template(self.template, phone="", text="")  # fail early on a bad template

    def send(self, *, phone: str, text: str) -> None:
        body = render_body_template(self.template, phone=phone, text=text)
        try:
            response = requests.post(
                self.url,
                data=body.encode("utf-8"),
                headers={"Content-Type": "application/json; charset=utf-8"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise GatewayError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise GatewayError(
                f"SMS gateway answered HTTP {response.status_code}: {response.text[:200]}"
            )
