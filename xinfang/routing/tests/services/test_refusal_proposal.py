from __future__ import annotations

from django.utils import translation

from xinfang.cases.choices import CaseStatus
from xinfang.cases.services import case_accept, case_decline
from xinfang.cases.tests.factories import register_case
from xinfang.cases.tests.states import case_in_state
from xinfang.org.testing import StaffTestCase
from xinfang.routing.services import refusal_proposal
from xinfang.routing.tests.factories import ensure_categories


class RefusalProposalTests(StaffTestCase):
    def setUp(self) -> None:
        self.categories = ensure_categories()

    def earlier_case(self, state: CaseStatus) -> object:
        # The same petitioner (张三, factories.ID_ZHANG) as register_case's default.
        return case_in_state(self, state, category=self.categories["environment"])

    def test_it_proposes_refusal_after_a_re_reviewed_matter(self) -> None:
        earlier = self.earlier_case(CaseStatus.REREVIEWED)
        again = register_case(self.alice, category=self.categories["environment"])

        with translation.override("en"):
            proposal = refusal_proposal(again)

        self.assertIsNotNone(proposal)
        self.assertEqual(proposal.earlier, earlier)
        self.assertIn(earlier.code, proposal.reason)
        self.assertIn("36", proposal.reason)

    def test_it_proposes_nothing_when_the_earlier_matter_was_not_re_reviewed(self) -> None:
        self.earlier_case(CaseStatus.REVIEWED)
        again = register_case(self.alice, category=self.categories["environment"])
        self.assertIsNone(refusal_proposal(again))

    def test_it_proposes_nothing_for_a_different_matter(self) -> None:
        self.earlier_case(CaseStatus.REREVIEWED)
        again = register_case(
            self.alice,
            title="公交车改线后看病不方便",
            content="十二路公交车改线以后，我们村的老人去县医院要转两次车，希望恢复原线路。",
            category=self.categories["transport"],
        )
        self.assertIsNone(refusal_proposal(again))

    def test_it_proposes_nothing_once_the_case_is_decided(self) -> None:
        self.earlier_case(CaseStatus.REREVIEWED)
        again = register_case(self.alice, category=self.categories["environment"])
        case_accept(case=again, actor=self.dan)
        again.refresh_from_db()
        self.assertIsNone(refusal_proposal(again))
        self.assertIsNone(
            refusal_proposal(
                case_decline(
                    case=register_case(self.alice, category=self.categories["environment"]),
                    actor=self.dan,
                    reason="属于诉讼程序",
                )
            )
        )
