"""Every write with business meaning on a case: one service per action.

Each action service:
1. locks the case row and checks the transition table, the actor's role and data scope;
2. changes the row with a conditional UPDATE on the state it read, so a concurrent change
   makes it fail instead of being overwritten;
3. appends the hash-chained event in the same transaction.
A refused action raises ApplicationError and changes nothing.
"""

from xinfang.cases.services.attachments import (
    attachment_files_delete,
    attachments_check,
    case_attach,
    case_attachments_add,
)
from xinfang.cases.services.duplicates import case_merge
from xinfang.cases.services.followup_steps import case_escalate, case_record, case_rehandle
from xinfang.cases.services.oversight import (
    case_instruct,
    case_supervise,
    case_urge,
    instruction_mark_read,
)
from xinfang.cases.services.registration import TITLE_MAX, PetitionerInput, case_register
from xinfang.cases.services.transitions import (
    case_accept,
    case_acknowledge,
    case_archive,
    case_assign,
    case_close,
    case_decline,
    case_extend,
    case_forward,
    case_progress,
    case_refuse_repeat,
    case_reply,
    case_rereview,
    case_return,
    case_review,
)

__all__ = [
    "attachment_files_delete",
    "attachments_check",
    "case_attach",
    "case_attachments_add",
    "TITLE_MAX",
    "PetitionerInput",
    "case_accept",
    "case_acknowledge",
    "case_archive",
    "case_assign",
    "case_close",
    "case_decline",
    "case_escalate",
    "case_extend",
    "case_forward",
    "case_instruct",
    "case_merge",
    "case_progress",
    "case_record",
    "case_refuse_repeat",
    "case_register",
    "case_rehandle",
    "case_reply",
    "case_rereview",
    "case_return",
    "case_review",
    "case_supervise",
    "case_urge",
    "instruction_mark_read",
]
