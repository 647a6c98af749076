"""The one transition table of a case, and who may take each action.

``TRANSITIONS[state][action]`` is the state the action leads to. Actions that keep the
state (progress, extend, supervise, urge, instruct, attach) map a state to itself. Anything not in
the table is refused.
"""

from __future__ import annotations

from xinfang.cases.choices import OPEN, Action, CaseStatus
from xinfang.org.choices import Role

S = CaseStatus
A = Action

# Actions taken on any open case without changing its state: a leader's or supervisor's
# oversight, and files (a scanned letter, photos, a recording) attached as evidence.
_ANY_OPEN = {A.SUPERVISE: None, A.URGE: None, A.INSTRUCT: None, A.ATTACH: None}

# Recorded, never transitions (services append them directly): ABSORB on a master case when a
# duplicate is merged into it (the duplicate's own event is the MERGE transition); RATE, a
# petitioner's satisfaction answer; MARK_DIFFICULT, a case still unsatisfied after level 3.
RECORD_ONLY_ACTIONS = frozenset({A.ABSORB, A.RATE, A.MARK_DIFFICULT})

_TABLE: dict[CaseStatus, dict[Action, CaseStatus | None]] = {
    S.REGISTERED: {
        A.ACCEPT: S.ACCEPTED,
        A.DECLINE: S.DECLINED,
        A.REFUSE_REPEAT: S.REFUSED,
        A.FORWARD: S.FORWARDED,
        A.MERGE: S.CLOSED,
    },
    S.ACCEPTED: {A.ASSIGN: S.ASSIGNED, A.FORWARD: S.FORWARDED, A.MERGE: S.CLOSED},
    S.RETURNED: {A.ASSIGN: S.ASSIGNED, A.FORWARD: S.FORWARDED, A.MERGE: S.CLOSED},
    S.ASSIGNED: {A.ACKNOWLEDGE: S.HANDLING, A.RETURN: S.RETURNED},
    S.HANDLING: {
        A.PROGRESS: S.HANDLING,
        A.EXTEND: S.HANDLING,
        A.REPLY: S.REPLIED,
        A.RETURN: S.RETURNED,
    },
    S.DECLINED: {A.CLOSE: S.CLOSED},
    S.REFUSED: {A.CLOSE: S.CLOSED},
    S.FORWARDED: {A.CLOSE: S.CLOSED},
    # An unsatisfied answer sends the case back to the handling unit (level 2), then to
    # the city level under supervision (level 3); see the followup app.
    S.REPLIED: {
        A.REVIEW: S.REVIEWING,
        A.CLOSE: S.CLOSED,
        A.REHANDLE: S.HANDLING,
        A.ESCALATE: S.HANDLING,
    },
    S.REVIEWING: {A.PROGRESS: S.REVIEWING, A.REPLY: S.REVIEWED},
    S.REVIEWED: {A.REREVIEW: S.REREVIEWING, A.CLOSE: S.CLOSED},
    S.REREVIEWING: {A.PROGRESS: S.REREVIEWING, A.REPLY: S.REREVIEWED},
    S.REREVIEWED: {A.CLOSE: S.CLOSED},
    S.CLOSED: {A.ARCHIVE: S.ARCHIVED},
    S.ARCHIVED: {},
}

TRANSITIONS: dict[CaseStatus, dict[Action, CaseStatus]] = {
    state: {
        **{action: (target or state) for action, target in actions.items()},
        **({action: state for action in _ANY_OPEN} if state in OPEN else {}),
    }
    for state, actions in _TABLE.items()
}

# Who may take each action. Administrators may take every action.
ACTION_ROLES: dict[Action, frozenset[Role]] = {
    A.REGISTER: frozenset({Role.REGISTRAR, Role.DISPATCHER}),
    A.ACCEPT: frozenset({Role.DISPATCHER}),
    A.DECLINE: frozenset({Role.DISPATCHER}),
    A.REFUSE_REPEAT: frozenset({Role.DISPATCHER}),
    A.FORWARD: frozenset({Role.DISPATCHER}),
    A.ASSIGN: frozenset({Role.DISPATCHER}),
    A.ACKNOWLEDGE: frozenset({Role.HANDLER}),
    A.RETURN: frozenset({Role.HANDLER}),
    A.PROGRESS: frozenset({Role.HANDLER}),
    A.EXTEND: frozenset({Role.LEADER}),
    A.REPLY: frozenset({Role.HANDLER}),
    A.REVIEW: frozenset({Role.DISPATCHER}),
    A.REREVIEW: frozenset({Role.DISPATCHER}),
    A.CLOSE: frozenset({Role.DISPATCHER}),
    A.ARCHIVE: frozenset({Role.DISPATCHER}),
    A.SUPERVISE: frozenset({Role.SUPERVISOR, Role.LEADER}),
    A.URGE: frozenset({Role.SUPERVISOR, Role.LEADER}),
    A.INSTRUCT: frozenset({Role.LEADER}),
    A.ATTACH: frozenset({Role.REGISTRAR, Role.DISPATCHER, Role.HANDLER}),
    A.MERGE: frozenset({Role.DISPATCHER}),
    A.ABSORB: frozenset({Role.DISPATCHER}),
    A.RATE: frozenset({Role.REGISTRAR, Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR}),
    A.REHANDLE: frozenset({Role.DISPATCHER, Role.SUPERVISOR}),
    A.ESCALATE: frozenset({Role.SUPERVISOR, Role.LEADER}),
    A.MARK_DIFFICULT: frozenset({Role.SUPERVISOR, Role.LEADER}),
}

# Actions taken by the handling unit: the actor must belong to the unit the case is
# assigned to (or to a unit above it).
HANDLING_UNIT_ACTIONS = frozenset({A.ACKNOWLEDGE, A.RETURN, A.PROGRESS, A.REPLY})


def target_state(state: str, action: str) -> CaseStatus | None:
    """Return the state action leads to from state, or None when it is not allowed."""
    return TRANSITIONS.get(CaseStatus(state), {}).get(Action(action))


def allowed_actions(state: str) -> list[Action]:
    """Return the actions the table allows from state, in the table's order."""
    return list(TRANSITIONS.get(CaseStatus(state), {}))
