"""The case page: data scope, masked identity, and only the actions open to the viewer."""

from __future__ import annotations

import re

from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.tests.factories import ID_ZHANG
from xinfang.cases.tests.states import case_in_state
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.org.models import User


class CaseDetailViewTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.registered = case_in_state(cls, CaseStatus.REGISTERED)
        cls.assigned = case_in_state(cls, CaseStatus.ASSIGNED)
        cls.handling = case_in_state(cls, CaseStatus.HANDLING)

    def page(self, user: User, code: str) -> str:
        self.login(user)
        response = self.client.get(f"/cases/{code}/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def action_forms(self, user: User, code: str) -> list[str]:
        html = self.page(user, code)
        return re.findall(rf'action="/cases/{code}/actions/([a-z_]+)/"', html)

    def test_it_shows_the_dispatcher_the_decisions_on_a_registered_case(self) -> None:
        self.assertEqual(
            self.action_forms(self.dan, self.registered.code),
            ["accept", "decline", "refuse_repeat", "forward", "merge", "attach"],
        )

    def test_it_shows_the_registrar_only_the_attaching_of_files(self) -> None:
        self.assertEqual(self.action_forms(self.alice, self.registered.code), ["attach"])

    def test_it_shows_the_registrar_no_action_on_a_closed_case(self) -> None:
        closed = case_in_state(self, CaseStatus.CLOSED)
        html = self.page(self.alice, closed.code)
        self.assertNotIn("/actions/", html)
        self.assertIn("No action is open to you on this case now.", html)

    def test_it_shows_the_handler_acknowledge_and_return_but_not_accept(self) -> None:
        forms = self.action_forms(self.hank, self.assigned.code)
        self.assertEqual(forms, ["acknowledge", "return", "attach"])
        self.assertNotIn(Action.ACCEPT, forms)

    def test_it_does_not_show_the_dispatcher_acknowledge(self) -> None:
        self.assertEqual(self.action_forms(self.dan, self.assigned.code), ["attach"])

    def test_it_shows_the_leader_the_oversight_actions_and_extend(self) -> None:
        self.assertEqual(
            self.action_forms(self.lee, self.handling.code),
            ["extend", "supervise", "urge", "instruct"],
        )
        self.assertEqual(self.action_forms(self.sue, self.handling.code), ["supervise", "urge"])

    def test_it_shows_the_id_number_and_phone_masked_only(self) -> None:
        html = self.page(self.dan, self.registered.code)
        self.assertIn("1101**********002X", html)
        self.assertIn("138****8000", html)
        self.assertNotIn(ID_ZHANG, html)
        self.assertNotIn("13800138000", html)

    def test_it_hides_the_case_from_the_outsider(self) -> None:
        self.login(self.olga)
        self.assertEqual(self.client.get(f"/cases/{self.registered.code}/").status_code, 404)

    def test_it_hides_the_case_from_a_unit_it_is_not_assigned_to(self) -> None:
        self.login(self.pat)
        self.assertEqual(self.client.get(f"/cases/{self.assigned.code}/").status_code, 404)

    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        url = f"/cases/{self.registered.code}/"
        response = self.client.get(url)
        self.assertRedirects(response, f"/login/?next={url}", fetch_redirect_response=False)
