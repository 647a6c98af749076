"""The action services by name, so the web UI and the API dispatch the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xinfang.cases import services
from xinfang.cases.choices import Action

ACTION_SERVICES: dict[Action, Callable[..., Any]] = {
    Action.ACCEPT: services.case_accept,
    Action.DECLINE: services.case_decline,
    Action.REFUSE_REPEAT: services.case_refuse_repeat,
    Action.FORWARD: services.case_forward,
    Action.ASSIGN: services.case_assign,
    Action.ACKNOWLEDGE: services.case_acknowledge,
    Action.RETURN: services.case_return,
    Action.PROGRESS: services.case_progress,
    Action.EXTEND: services.case_extend,
    Action.REPLY: services.case_reply,
    Action.REVIEW: services.case_review,
    Action.REREVIEW: services.case_rereview,
    Action.CLOSE: services.case_close,
    Action.ARCHIVE: services.case_archive,
    Action.SUPERVISE: services.case_supervise,
    Action.URGE: services.case_urge,
    Action.INSTRUCT: services.case_instruct,
    Action.ATTACH: services.case_attach,
    Action.MERGE: services.case_merge,
    Action.REHANDLE: services.case_rehandle,
    Action.ESCALATE: services.case_escalate,
}
