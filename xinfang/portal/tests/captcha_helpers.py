"""Solve the portal's CAPTCHA in tests, the way the widget does in a browser."""

from __future__ import annotations

from altcha import Payload, solve_challenge

from xinfang.portal import captcha


def solved_captcha_payload(*, cost: int = 1) -> str:
    """Return a payload that a CaptchaField accepts once, as the widget would post it.

    The challenge comes from `captcha.new_challenge`, which the widget's challenge URL
    serves, and altcha's own solver finds the counter. The cost is signed into the
    challenge, so the field checks a cheap one exactly as it checks a real one; the
    default of one PBKDF2 iteration per try keeps a test fast (pass `captcha.COST` for the
    real difficulty, about half a second).
    """
    challenge = captcha.new_challenge(cost=cost)
    solution = solve_challenge(challenge, timeout=60)
    assert solution is not None, "the CAPTCHA challenge was not solved in time"
    return Payload(challenge, solution).to_base64()
