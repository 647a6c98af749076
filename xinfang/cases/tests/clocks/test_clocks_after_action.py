"""Deadlines start, run and end with the actions, set by the law or by a local rule."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from xinfang.cases.choices import Channel, DeadlineColour, DeadlineKind, DeadlineState
from xinfang.cases.clocks import CLOCKS, in_deployment_language
from xinfang.cases.deadlines import deadline_colour
from xinfang.cases.models import Case, CaseDeadline, ServiceLevelRule
from xinfang.cases.services import (
    case_accept,
    case_acknowledge,
    case_assign,
    case_extend,
    case_progress,
    case_reply,
    case_supervise,
)
from xinfang.cases.tests.factories import five_minute_rule, register_case
from xinfang.core.workdays import DurationUnit
from xinfang.org.testing import StaffTestCase

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=SHANGHAI)


class ClocksAfterActionTests(StaffTestCase):
    def assigned(self, when: dt.datetime, **fields: object) -> Case:
        with time_machine.travel(when, tick=False):
            case = register_case(self.alice, received_at=when, **fields)
            case = case_accept(case=case, actor=self.dan)
            return case_assign(case=case, actor=self.dan, unit=self.housing)

    def running(self, case: Case, kind: str) -> CaseDeadline:
        return case.deadlines.get(kind=kind, state=DeadlineState.RUNNING)

    def test_acknowledgement_counts_working_days_across_national_day_2026(self) -> None:
        # Sep 30 (1); Oct 1–7 holiday; Oct 8, 9 (2, 3); Sat Oct 10 is a make-up day (4);
        # Sun Oct 11 off; Mon Oct 12 (5).
        case = self.assigned(at(2026, 9, 29, 10, 0))

        deadline = self.running(case, DeadlineKind.ACKNOWLEDGE)
        self.assertEqual(deadline.due_at, at(2026, 10, 12, 10, 0))
        self.assertEqual((deadline.amount, deadline.unit), (5, DurationUnit.WORKING_DAYS))
        # The legal default, Art. 23, named in the deployment's language.
        self.assertEqual(
            deadline.basis, in_deployment_language(CLOCKS[DeadlineKind.ACKNOWLEDGE].basis)
        )
        self.assertIsNone(deadline.rule)
        self.assertEqual(case.due_at, deadline.due_at)  # the earliest running deadline

    def test_the_make_up_sunday_before_national_day_counts_as_a_working_day(self) -> None:
        # Fri Sep 18; Sat Sep 19 off; Sun Sep 20 make-up (1); Sep 21–24 (2–5).
        case = self.assigned(at(2026, 9, 18, 16, 30))

        self.assertEqual(
            self.running(case, DeadlineKind.ACKNOWLEDGE).due_at, at(2026, 9, 24, 16, 30)
        )

    def test_a_five_minute_rule_sets_the_acknowledgement_and_its_colours(self) -> None:
        rule = five_minute_rule()
        start = at(2026, 11, 2, 9, 0)
        case = self.assigned(start, channel=Channel.PHONE)

        deadline = self.running(case, DeadlineKind.ACKNOWLEDGE)
        self.assertEqual((deadline.rule, deadline.basis), (rule, rule.name))
        self.assertEqual(deadline.due_at, start + dt.timedelta(minutes=5))
        self.assertEqual(deadline.remind_before, [2])
        expected = [
            (dt.timedelta(minutes=2, seconds=59), DeadlineColour.GREEN),
            (dt.timedelta(minutes=3), DeadlineColour.YELLOW),
            (dt.timedelta(minutes=5), DeadlineColour.YELLOW),
            (dt.timedelta(minutes=5, seconds=1), DeadlineColour.RED),
        ]
        for offset, colour in expected:
            with self.subTest(offset=offset):
                self.assertEqual(
                    deadline_colour(case.due_at, case.due_warn_at, start + offset), colour
                )

    def test_a_visit_keeps_the_legal_default_when_the_rule_is_for_phone_calls(self) -> None:
        ServiceLevelRule.objects.create(
            name="热线",
            deadline=DeadlineKind.ACKNOWLEDGE,
            channel=Channel.PHONE,
            amount=5,
            unit=DurationUnit.MINUTES,
        )
        case = self.assigned(at(2026, 11, 2, 9, 0), channel=Channel.VISIT)

        self.assertIsNone(self.running(case, DeadlineKind.ACKNOWLEDGE).rule)

    def test_the_most_specific_rule_wins(self) -> None:
        ServiceLevelRule.objects.create(
            name="all", deadline=DeadlineKind.REPLY, amount=30, unit=DurationUnit.CALENDAR_DAYS
        )
        group = ServiceLevelRule.objects.create(
            name="group",
            deadline=DeadlineKind.REPLY,
            min_headcount=5,
            channel=Channel.VISIT,
            amount=10,
            unit=DurationUnit.CALENDAR_DAYS,
        )
        start = at(2026, 11, 2, 9, 0)
        case = self.assigned(start, headcount=6)

        reply = self.running(case, DeadlineKind.REPLY)
        self.assertEqual((reply.rule, reply.due_at), (group, start + dt.timedelta(days=10)))

    def test_on_site_and_first_disposal_run_only_under_a_rule_and_are_met_in_turn(self) -> None:
        for kind, minutes in ((DeadlineKind.ON_SITE, 30), (DeadlineKind.FIRST_DISPOSAL, 60)):
            ServiceLevelRule.objects.create(
                name=kind, deadline=kind, amount=minutes, unit=DurationUnit.MINUTES
            )
        start = at(2026, 11, 2, 9, 0)
        case = self.assigned(start)
        with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
            case = case_acknowledge(case=case, actor=self.hank)
        self.assertEqual(case.due_at, start + dt.timedelta(minutes=31))  # on site first

        with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
            case = case_progress(case=case, actor=self.hank, note="已联系", on_site=False)
        states = dict(case.deadlines.values_list("kind", "state"))
        self.assertEqual(states[DeadlineKind.FIRST_DISPOSAL], DeadlineState.MET)
        self.assertEqual(states[DeadlineKind.ON_SITE], DeadlineState.RUNNING)

        with time_machine.travel(start + dt.timedelta(minutes=25), tick=False):
            case = case_progress(case=case, actor=self.hank, note="已到达现场", on_site=True)
        self.assertEqual(self.running(case, DeadlineKind.REPLY).due_at, case.due_at)
        self.assertFalse(case.deadlines.filter(kind=DeadlineKind.ON_SITE, state="running").exists())

    def test_an_extension_replaces_the_reply_deadline_and_a_reply_meets_every_clock(self) -> None:
        start = at(2026, 11, 2, 9, 0)
        case = self.assigned(start)
        with time_machine.travel(start + dt.timedelta(days=1), tick=False):
            case = case_acknowledge(case=case, actor=self.hank)
            case = case_supervise(
                case=case, actor=self.sue, note="限期办结", due_at=start + dt.timedelta(days=20)
            )
            self.assertEqual(case.due_at, start + dt.timedelta(days=20))  # supervision first
            case = case_extend(case=case, actor=self.lee, days=30, reason="需现场勘验")

        replies = case.deadlines.filter(kind=DeadlineKind.REPLY).order_by("pk")
        self.assertEqual([d.state for d in replies], [DeadlineState.ENDED, DeadlineState.RUNNING])
        self.assertEqual(replies[1].due_at, start + dt.timedelta(days=90))
        self.assertEqual(replies[1].started_at, replies[0].started_at)

        with time_machine.travel(start + dt.timedelta(days=5), tick=False):
            case = case_reply(case=case, actor=self.hank, text="经核查，已整改。")
        self.assertFalse(case.deadlines.filter(state=DeadlineState.RUNNING).exists())
        self.assertEqual(
            set(case.deadlines.filter(state=DeadlineState.MET).values_list("kind", flat=True)),
            {
                DeadlineKind.DECIDE,
                DeadlineKind.ACKNOWLEDGE,
                DeadlineKind.SUPERVISION,
                DeadlineKind.REPLY,
            },
        )
        self.assertIsNone(case.due_at)
