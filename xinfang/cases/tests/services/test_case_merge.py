from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from xinfang.cases.choices import Action, CaseStatus, Channel
from xinfang.cases.models import Case
from xinfang.cases.services import (
    PetitionerInput,
    case_accept,
    case_acknowledge,
    case_assign,
    case_merge,
    case_reply,
)
from xinfang.cases.tests.factories import ID_LI, register_case
from xinfang.cases.tests.states import case_snapshot
from xinfang.core.exceptions import ApplicationError
from xinfang.org.testing import StaffTestCase


class CaseMergeTests(StaffTestCase):
    def setUp(self) -> None:
        self.master = register_case(self.alice, title="锦华小区烧烤店油烟扰民")
        self.duplicate = register_case(
            self.alice,
            channel=Channel.PHONE,
            title="锦华社区楼下烧烤油烟太大",
            petitioners=[PetitionerInput(name="李四", id_number=ID_LI)],
        )

    def test_it_closes_the_duplicate_with_a_link_and_adds_its_petitioners(self) -> None:
        merged = case_merge(case=self.duplicate, actor=self.dan, master_code=self.master.code)

        self.assertEqual(merged.status, CaseStatus.CLOSED)
        self.assertEqual(merged.duplicate_of, self.master)
        names = self.master.case_petitioners.order_by("position").values_list(
            "petitioner__name", flat=True
        )
        self.assertEqual(list(names), ["张三", "李四"])
        self.assertEqual(self.master.case_petitioners.get(position=1).merged_from, merged)
        self.assertEqual(merged.events.last().action, Action.MERGE)
        absorbed = self.master.events.last()
        self.assertEqual((absorbed.action, absorbed.payload["duplicate"]), ("absorb", merged.code))
        out = StringIO()
        call_command("verify_events", stdout=out)
        self.assertIn("none broken", out.getvalue())

    def test_one_reply_on_the_master_reaches_every_petitioner(self) -> None:
        case_merge(case=self.duplicate, actor=self.dan, master_code=self.master.code)
        master = case_accept(case=self.master, actor=self.dan)
        master = case_assign(case=master, actor=self.dan, unit=self.housing)
        master = case_acknowledge(case=master, actor=self.hank)
        master = case_reply(case=master, actor=self.hank, text="已责令烧烤店安装油烟净化器。")

        recipients = master.events.last().payload["recipients"]
        people = {link.petitioner_id for link in self.duplicate.case_petitioners.all()}
        people |= {
            link.petitioner_id for link in Case.objects.get(pk=master.pk).case_petitioners.all()
        }
        self.assertEqual(set(recipients), people)
        self.assertEqual(len(recipients), 2)

    def assertRefused(self, code: str, master_code: str, actor: object = None) -> None:
        before = case_snapshot(self.duplicate)
        events = self.master.events.count()
        with self.assertRaises(ApplicationError) as raised:
            case_merge(case=self.duplicate, actor=actor or self.dan, master_code=master_code)
        self.assertEqual(raised.exception.code, code)
        self.assertEqual(case_snapshot(self.duplicate), before)
        self.assertEqual(self.master.events.count(), events)
        self.assertEqual(self.master.case_petitioners.count(), 1)

    def test_it_refuses_an_unknown_master(self) -> None:
        self.assertRefused("master_not_found", "XF-1999-000001")

    def test_it_refuses_to_merge_a_case_into_itself(self) -> None:
        self.assertRefused("master_is_self", self.duplicate.code)

    def test_it_refuses_a_master_that_is_itself_a_duplicate(self) -> None:
        third = register_case(self.alice, title="第三件")
        case_merge(case=self.master, actor=self.dan, master_code=third.code)
        self.master.refresh_from_db()
        with self.assertRaises(ApplicationError) as raised:
            case_merge(case=self.duplicate, actor=self.dan, master_code=self.master.code)
        self.assertEqual(raised.exception.code, "master_not_open")

    def test_it_refuses_a_master_the_actor_cannot_see(self) -> None:
        other = register_case(self.olga, title="白河县的事项")
        self.assertRefused("master_not_found", other.code)

    def test_it_refuses_a_registrar(self) -> None:
        self.assertRefused("role_not_allowed", self.master.code, actor=self.alice)
