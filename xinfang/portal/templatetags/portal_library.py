"""Template helpers of the law library: a piece of an article with the words found marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from xinfang.portal.knowledge import knowledge_may_edit

register = template.Library()

EXCERPT_CHARS = 120


@register.simple_tag
def marked_excerpt(text: str, terms: Sequence[str], width: int = EXCERPT_CHARS) -> SafeString:
    """Return about ``width`` characters of text around the first of terms found, escaped,
    with every occurrence of a term wrapped in <mark>."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    positions = [p for p in (text.find(t) for t in terms) if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    end = min(len(text), start + width)
    piece = text[start:end]
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms))
        parts, at = [], 0
        for found in pattern.finditer(piece):
            parts.append(escape(piece[at : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            at = found.end()
        parts.append(escape(piece[at:]))
        html = "".join(parts)
    else:
        html = escape(piece)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))


@register.filter
def may_edit_knowledge(user: object) -> bool:
    """For the staff menu: whether user edits the portal's knowledge base."""
    return knowledge_may_edit(user)
