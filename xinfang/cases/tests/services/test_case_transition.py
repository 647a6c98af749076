"""The transition table and the role table, as every action service enforces them."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.selectors import case_visible_to
from xinfang.cases.tests.factories import use_temporary_attachments
from xinfang.cases.tests.states import (
    VALID_ARGUMENTS,
    case_in_state,
    case_snapshot,
    master_case,
)
from xinfang.cases.workflow import ACTION_ROLES, RECORD_ONLY_ACTIONS, TRANSITIONS
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase

# For each action, a state the table allows it from (the role check comes after the table).
_A_STATE_ALLOWING: dict[Action, CaseStatus] = {
    Action.ACCEPT: CaseStatus.REGISTERED,
    Action.DECLINE: CaseStatus.REGISTERED,
    Action.REFUSE_REPEAT: CaseStatus.REGISTERED,
    Action.FORWARD: CaseStatus.REGISTERED,
    Action.ASSIGN: CaseStatus.ACCEPTED,
    Action.ACKNOWLEDGE: CaseStatus.ASSIGNED,
    Action.RETURN: CaseStatus.ASSIGNED,
    Action.PROGRESS: CaseStatus.HANDLING,
    Action.EXTEND: CaseStatus.HANDLING,
    Action.REPLY: CaseStatus.HANDLING,
    Action.REVIEW: CaseStatus.REPLIED,
    Action.REREVIEW: CaseStatus.REVIEWED,
    Action.CLOSE: CaseStatus.REPLIED,
    Action.ARCHIVE: CaseStatus.CLOSED,
    Action.SUPERVISE: CaseStatus.HANDLING,
    Action.URGE: CaseStatus.HANDLING,
    Action.INSTRUCT: CaseStatus.HANDLING,
    Action.ATTACH: CaseStatus.HANDLING,
    Action.REHANDLE: CaseStatus.REPLIED,
    Action.ESCALATE: CaseStatus.REPLIED,
}


class CaseTransitionTests(StaffTestCase):
    cases: dict[CaseStatus, Case]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cases = {state: case_in_state(cls, state) for state in CaseStatus}
        master_case(cls)  # the master for MERGE, made before any count is taken

    def setUp(self) -> None:
        super().setUp()
        use_temporary_attachments(self)  # ATTACH stores its file

    def assertRefusedAndUnchanged(
        self, case: Case, action: Action, actor: object, code: str
    ) -> ApplicationError:
        before = case_snapshot(case)
        events_before = CaseEvent.objects.count()
        with self.assertRaises(ApplicationError) as caught:
            ACTION_SERVICES[action](case=case, actor=actor, **VALID_ARGUMENTS[action](self))
        self.assertEqual(caught.exception.code, code, caught.exception.message)
        self.assertEqual(case_snapshot(case), before)
        self.assertEqual(CaseEvent.objects.count(), events_before)
        return caught.exception

    def test_the_table_names_every_state_and_a_service_for_every_action(self) -> None:
        self.assertEqual(set(TRANSITIONS), set(CaseStatus))
        self.assertEqual(
            set(ACTION_SERVICES), set(Action) - {Action.REGISTER} - RECORD_ONLY_ACTIONS
        )
        self.assertEqual(set(ACTION_ROLES), set(Action))

    def test_the_helper_reaches_every_state(self) -> None:
        for state, case in self.cases.items():
            with self.subTest(state=state):
                self.assertEqual(Case.objects.get(pk=case.pk).status, state)

    def test_it_refuses_every_action_the_table_does_not_allow_and_changes_nothing(self) -> None:
        refused = 0
        for state, case in self.cases.items():
            for action in ACTION_SERVICES:
                if action in TRANSITIONS[state]:
                    continue
                with self.subTest(state=state, action=action), translation.override("en"):
                    error = self.assertRefusedAndUnchanged(
                        case, action, self.root, "transition_not_allowed"
                    )
                    self.assertEqual(error.extra, {"status": state, "action": action})
                    self.assertIn(str(state.label), error.message)
                    self.assertIn(str(action.label), error.message)
                    refused += 1
        # Every state × every action, less the pairs the table allows.
        allowed = sum(len(actions) for actions in TRANSITIONS.values())
        self.assertEqual(refused, len(CaseStatus) * len(ACTION_SERVICES) - allowed)

    def test_it_takes_every_action_the_table_allows_to_the_tables_target(self) -> None:
        for state, case in self.cases.items():
            for action, target in TRANSITIONS[state].items():
                with self.subTest(state=state, action=action), transaction.atomic():
                    service = ACTION_SERVICES[action]
                    result = service(case=case, actor=self.root, **VALID_ARGUMENTS[action](self))
                    self.assertEqual(result.status, target)
                    event = CaseEvent.objects.filter(case=case).latest("seq")
                    self.assertEqual(
                        (event.action, event.from_status, event.to_status, event.actor),
                        (action, state, target, self.root),
                    )
                    transaction.set_rollback(True)

    def test_it_refuses_every_action_to_a_role_not_allowed_and_changes_nothing(self) -> None:
        personas = [self.alice, self.dan, self.hank, self.sue, self.lee]
        for action, state in _A_STATE_ALLOWING.items():
            case = self.cases[state]
            wrong = [p for p in personas if p.role not in ACTION_ROLES[action]]
            self.assertTrue(wrong, action)
            refused_for_role = 0
            for persona in wrong:
                sees_it = case_visible_to(persona).filter(pk=case.pk).exists()
                # Someone who cannot see the case is told it does not exist.
                code = "role_not_allowed" if sees_it else "not_found"
                with self.subTest(action=action, persona=persona.username):
                    self.assertRefusedAndUnchanged(case, action, persona, code)
                    refused_for_role += code == "role_not_allowed"
            with self.subTest(action=action):
                self.assertGreater(refused_for_role, 0)

    def test_it_names_the_role_and_the_action_when_it_refuses_a_role(self) -> None:
        with translation.override("en"):
            error = self.assertRefusedAndUnchanged(
                self.cases[CaseStatus.REGISTERED], Action.ACCEPT, self.alice, "role_not_allowed"
            )
        self.assertIn("Registrar", error.message)
        self.assertIn("Accept", error.message)
