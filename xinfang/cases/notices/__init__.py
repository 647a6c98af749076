"""Written notices (告知书) sent to petitioners, rendered to DOCX from templates.

Pure rendering: no Django models are imported here. See :mod:`xinfang.cases.notices.render`.
"""

from __future__ import annotations

from xinfang.cases.notices.render import NoticeContext, NoticeKind, notice_filename, render_notice

__all__ = ["NoticeContext", "NoticeKind", "notice_filename", "render_notice"]
