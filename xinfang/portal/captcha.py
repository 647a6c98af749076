"""The portal's CAPTCHA: ALTCHA proof of work, issued and checked by this server alone.

No outside service and no picture to read. When the citizen ticks "I'm not a robot", the
vendored widget (static/vendor/altcha, version 3, proof-of-work v2) fetches a challenge
signed here from `captcha_challenge`, and the phone searches for a counter whose PBKDF2
key starts with `KEY_PREFIX`. The widget posts the challenge with its solution under the
field's name, and `CaptchaField.clean()` checks the signature, the expiry and the work,
and that the same solution was never accepted before.

The widget's script must be on the page: put ``{{ form.media }}`` in the head block. It
solves only in a secure context (HTTPS, or localhost): over plain HTTP it shows an error
and the form cannot be sent.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

from altcha import Challenge, Payload, create_challenge, verify_solution
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from xinfang.portal.limits import rate_limited

# ---------------------------------------------------------------------------------------------
# Challenges
# ---------------------------------------------------------------------------------------------

# PBKDF2 runs natively in every browser (WebCrypto) and in Python (hashlib), so checking a
# solution costs the server one derivation: about 2 ms.
ALGORITHM = "PBKDF2/SHA-256"
# Difficulty. The browser tries counters until the derived key starts with one zero byte,
# 256 tries on average, each a PBKDF2 of COST iterations: about 1.3 million HMAC-SHA-256 in
# all. One server core does that in about 0.6 s with WebCrypto, and headless Chromium on two
# cores ticks the box in under a second (the widget takes at least 0.5 s in any case). A
# phone's cores are slower but more, and the widget starts a worker for each: about a second.
COST = 5_000
KEY_PREFIX = "00"
# A challenge must be solved and sent within this time: it bounds how many solutions
# anyone can stockpile, and how long a used one must be remembered. The widget fetches its
# challenge only when the box is ticked, so time spent writing the petition does not count.
LIFETIME = timedelta(minutes=10)
# Longest payload looked at; the widget's is about 600 characters.
MAX_PAYLOAD_LENGTH = 4_000

_USED_KEY = "xf:portal:captcha:used:{signature}"


def new_challenge(*, cost: int = COST) -> Challenge:
    """Return a fresh challenge signed with XF_CAPTCHA_HMAC_KEY, valid for LIFETIME."""
    return create_challenge(
        ALGORITHM,
        cost,
        key_prefix=KEY_PREFIX,
        expires_at=timezone.now() + LIFETIME,
        hmac_secret=settings.XF_CAPTCHA_HMAC_KEY,
    )


def captcha_verify(payload: str) -> bool:
    """Accept a solved challenge once: signed here, not expired, solved, never used before.

    1. Decode the payload; anything malformed is refused.
    2. Check signature, expiry and work (altcha's verify_solution).
    3. Remember the challenge's signature until the challenge expires; a payload whose
       signature is already remembered is refused. Checking after step 2 means that junk
       fills no cache entries.
    """
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    try:
        decoded = Payload.from_base64(payload)
        result = verify_solution(decoded, settings.XF_CAPTCHA_HMAC_KEY)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return False
    if not result.verified:
        return False
    expires_at = decoded.challenge.parameters.expires_at
    if not isinstance(expires_at, int):  # every challenge made here has one
        return False
    # The default cache is local memory, which each process keeps for itself: a deployment
    # that serves the portal from several processes needs a shared cache (CACHES: Redis or
    # the database), or a solution could be used once in each process. Local memory also
    # drops entries past its 300th, so a busy site wants a shared cache for that reason too.
    return cache.add(
        _USED_KEY.format(signature=decoded.challenge.signature),
        True,
        timeout=max(1, expires_at - int(time.time()) + 1),
    )


@require_GET
@never_cache
def captcha_challenge(request: HttpRequest) -> JsonResponse:
    """Return a fresh challenge for the widget, which asks for one each time it is ticked.

    Each address gets XF_PORTAL_CAPTCHA_RATE challenges (the widget then shows its error),
    so nobody can stockpile them to solve at leisure, and a flood of requests costs little.
    """
    if rate_limited(request, "portal-captcha", settings.XF_PORTAL_CAPTCHA_RATE):
        return JsonResponse(
            {"error": gettext("Too many attempts. Please wait a while and try again.")},
            status=429,
        )
    return JsonResponse(new_challenge().to_dict())


# ---------------------------------------------------------------------------------------------
# Form field
# ---------------------------------------------------------------------------------------------

# Hidden from sight but read by screen readers (the widget shows its own visible label).
_VISUALLY_HIDDEN = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
)
# The widget's own options: no logo and no footer, as both link to the widget's website,
# which an intranet cannot reach.
_WIDGET_CONFIGURATION = json.dumps({"hideLogo": True, "hideFooter": True})


def _widget_language() -> str:
    """Return the widget's language for the page's: Chinese is vendored as zh-cn."""
    language = (get_language() or "").lower()
    return "zh-cn" if language.startswith("zh") else "en"


class CaptchaWidget(forms.Widget):
    """The ALTCHA widget, grouped under a label for screen readers, with a <noscript> note."""

    class Media:
        # ES modules: the files declare top-level names that must not leak into the page.
        js = [
            forms.Script("vendor/altcha/altcha.min.js", type="module"),
            forms.Script("vendor/altcha/zh-cn.js", type="module"),
        ]

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        # The payload is never rendered back: after any error the citizen ticks the box again.
        final_attrs = self.build_attrs(self.attrs, attrs)
        widget_id = final_attrs.get("id") or f"id_{name}"
        return format_html(
            '<div class="xf-captcha" role="group" aria-labelledby="{id}_label">'
            '<span id="{id}_label" style="{hidden}">{label}</span>'
            '<altcha-widget id="{id}" name="{name}" challenge="{url}" language="{language}"'
            ' configuration="{configuration}"></altcha-widget>'
            '<noscript><p class="xf-captcha-noscript">{noscript}</p></noscript>'
            "</div>",
            id=widget_id,
            hidden=_VISUALLY_HIDDEN,
            label=gettext("Check that you are not a robot"),
            name=name,
            url=reverse("portal:captcha_challenge"),
            language=_widget_language(),
            configuration=_WIDGET_CONFIGURATION,
            noscript=gettext(
                "Sending this form needs JavaScript, which checks that you are not a robot."
                " Please turn JavaScript on in your browser."
            ),
        )

    def id_for_label(self, id_: str) -> str:
        # The widget draws its own labelled checkbox; a <label for> has nothing to point at.
        return ""


class CaptchaField(forms.Field):
    """A required proof that a person, not a script, sends the form; usable once.

    Labelled by the widget itself, so its form label is empty unless one is given.
    `cleaned_data` holds True; there is nothing in it for a service.
    """

    widget = CaptchaWidget
    default_error_messages = {
        "required": _("Please complete the check that you are not a robot."),
        "invalid": _("Please complete the check that you are not a robot."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["required"] = True
        kwargs.setdefault("label", "")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> bool:
        if not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if not isinstance(value, str) or not captcha_verify(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return True
