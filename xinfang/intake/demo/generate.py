"""Generate a year of realistic cases for the demo county.

Each case is driven through the real services at past moments (the clock is moved with
time-machine), so its events, deadlines and colours are exactly what the system would have
produced. A case stops where its next step would lie in the future, which spreads the
cases over every state by themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import time_machine
from django.db import transaction
from django.utils import timezone

from xinfang.cases import services as svc
from xinfang.cases.choices import CaseStatus, Channel, VisitLevel
from xinfang.cases.models import Case
from xinfang.followup.choices import SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer
from xinfang.intake.demo.county import DemoCounty
from xinfang.intake.services import intake_register_case
from xinfang.people.identity import id_check_code

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛"
    "闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕小梅春林荣德福贵民树生成"
)
DECLINE_REASON = "该诉求属于诉讼、仲裁程序解决范围，请依法通过相应法定途径提出。"
# Share of declined, refused and forwarded cases whose notice is not yet confirmed as
# delivered, so they wait unclosed.
LEFT_OPEN = 0.15
# The branch of a case's life that leads through each state off the main path.
ROUTES = {
    "declined": "decline",
    "refused": "refuse",
    "forwarded": "forward",
    "returned": "return",
    "reviewing": "rereview",
    "reviewed": "rereview",
    "rereviewing": "rereview",
    "rereviewed": "rereview",
}
FORWARD_REASON = "该事项涉及市级部门职责，依法转送。"
CHANNEL_WEIGHTS = [
    (Channel.PHONE, 34),
    (Channel.WEB, 24),
    (Channel.VISIT, 16),
    (Channel.WECHAT, 10),
    (Channel.LETTER, 7),
    (Channel.MAILBOX, 5),
    (Channel.TRANSFER, 3),
    (Channel.IMPORT, 1),
]
AREA_CODES = ["371521", "371522", "371523"]  # a fictional county's area codes
# Of the visits, the share taken straight to the city (越级访, a deduction for the township).
SKIP_LEVEL_SHARE = 0.06
# The petitioner's answer to the survey at each follow-up level: (answer, weight); None is
# no answer at all (未评价 once the survey's answer date passes).
SURVEY_ANSWERS = {
    1: [
        (SurveyAnswer.SATISFIED, 64),
        (SurveyAnswer.BASICALLY, 17),
        (SurveyAnswer.UNSATISFIED, 11),
        (None, 8),
    ],
    2: [
        (SurveyAnswer.SATISFIED, 40),
        (SurveyAnswer.BASICALLY, 25),
        (SurveyAnswer.UNSATISFIED, 30),
        (None, 5),
    ],
    3: [(SurveyAnswer.SATISFIED, 35), (SurveyAnswer.BASICALLY, 25), (SurveyAnswer.UNSATISFIED, 40)],
}
UNSATISFIED_REASONS = [
    "问题没有实际解决，只是口头答复。",
    "处理结果与反映的情况不符。",
    "办理时间太长，至今没有人联系我。",
]


def answer_survey(case: Case, answer: str, reason: str, by: object | None) -> Case:
    """Answer the case's pending survey: by the SMS link at level 1, by call-back after."""
    survey = Survey.objects.get(case=case, status=SurveyStatus.PENDING)
    survey_answer(
        survey=survey,
        answer=answer,
        reason=reason,
        channel=SurveyChannel.SMS if by is None else SurveyChannel.PHONE,
        recorded_by=by,  # type: ignore[arg-type]
    )
    return Case.objects.get(pk=case.pk)


@dataclass(frozen=True)
class Text:
    category: str
    title: str
    content: str
    reply: str
    unit: str
    township: str
    petitioners: int


def load_corpus(directory: Path = CORPUS_DIR) -> list[Text]:
    """Read the project's own demo petitions, one JSON file per category."""
    texts = []
    for path in sorted(directory.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            texts.append(
                Text(
                    category=path.stem,
                    title=item["title"],
                    content=item["content"],
                    reply=item["reply"],
                    unit=item["unit"],
                    township=item["township"],
                    petitioners=int(item.get("petitioners", 1)),
                )
            )
    return texts


def load_messages(path: Path, category_names: dict[str, str], limit: int = 5000) -> list[Text]:
    """Read citizen messages from a CSV.

    Columns: 留言主题 and 留言详情, optionally 一级标签 (category name) and 答复意见 (reply).
    """
    texts = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            title = (row.get("留言主题") or "").strip()[:200]
            content = (row.get("留言详情") or "").strip() or title
            if not title or not content:
                continue
            label = (row.get("一级标签") or "").strip()
            texts.append(
                Text(
                    category=category_names.get(label, ""),
                    title=title,
                    content=content[:20000],
                    reply=(row.get("答复意见") or "").strip(),
                    unit="",
                    township="",
                    petitioners=1,
                )
            )
            if len(texts) >= limit:
                break
    return texts


class PeoplePool:
    """Petitioners with valid ID numbers; some come back with new cases."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.known: list[tuple[str, str, str]] = []

    def new(self) -> tuple[str, str, str]:
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 65))
        first17 = f"{rng.choice(AREA_CODES)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        phone = f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"
        person = (name, first17 + id_check_code(first17), phone)
        self.known.append(person)
        return person

    def pick(self) -> tuple[str, str, str]:
        if self.known and self.rng.random() < 0.18:
            return self.rng.choice(self.known)
        return self.new()


Step = Callable[[Case], Case]


def _days(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(days=rng.uniform(low, high))


class CaseSimulator:
    def __init__(self, county: DemoCounty, texts: list[Text], rng: random.Random, now: dt.datetime):
        self.c = county
        self.texts = texts
        self.rng = rng
        self.now = now
        self.people = PeoplePool(rng)
        self.channels = [c for c, _ in CHANNEL_WEIGHTS]
        self.weights = [w for _, w in CHANNEL_WEIGHTS]

    def visit_level(self, channel: str) -> str:
        if channel != Channel.VISIT:
            return ""
        return VisitLevel.CITY if self.rng.random() < SKIP_LEVEL_SHARE else VisitLevel.COUNTY

    def handling_unit(self, text: Text) -> tuple[int, object]:
        unit = self.c.units_by_name.get(text.unit)
        if unit is None:
            unit = self.rng.choice(list(self.c.units_by_name.values()))
        return unit.pk, unit

    def plan(self, text: Text, route: str = "") -> Iterator[tuple[dt.timedelta, Step]]:
        """Yield (delay after the previous step, step) for one case's life.

        route forces a branch ("decline", "refuse", "forward", "return", "rereview");
        otherwise chance picks one.
        """
        rng, c = self.rng, self.c
        d, lead, sup = c.dispatcher, c.leader, c.supervisor
        unit_id, unit = self.handling_unit(text)
        handler = c.handlers[unit_id]
        roll = {"decline": 0.0, "refuse": 0.06, "forward": 0.1}.get(route, rng.random())
        if route in ("return", "rereview"):
            roll = 0.5
        if roll < 0.05:
            yield (
                _days(rng, 1, 10),
                lambda k: svc.case_decline(case=k, actor=d, reason=DECLINE_REASON),
            )
            if rng.random() < LEFT_OPEN:
                return
            yield _days(rng, 2, 25), lambda k: svc.case_close(case=k, actor=d)
            yield _days(rng, 10, 30), lambda k: svc.case_archive(case=k, actor=d)
            return
        if roll < 0.08:
            yield (
                _days(rng, 1, 10),
                lambda k: svc.case_refuse_repeat(
                    case=k, actor=d, reason="同一事实和理由已经复核终结，依法不再受理。"
                ),
            )
            if rng.random() >= LEFT_OPEN:
                yield _days(rng, 2, 25), lambda k: svc.case_close(case=k, actor=d)
            return
        if roll < 0.12:
            yield (
                _days(rng, 1, 8),
                lambda k: svc.case_forward(
                    case=k, actor=d, to_name="临江市信访局", reason=FORWARD_REASON
                ),
            )
            if rng.random() >= LEFT_OPEN:
                yield _days(rng, 3, 30), lambda k: svc.case_close(case=k, actor=d)
            return
        yield _days(rng, 0.1, 6), lambda k: svc.case_accept(case=k, actor=d)
        if rng.random() < 0.06:
            yield (
                _days(rng, 0, 2),
                lambda k: svc.case_instruct(
                    case=k,
                    actor=lead,
                    text="请相关单位高度重视，依法依规妥善处理，及时回应群众关切。",
                ),
            )
        if route == "return" or rng.random() < 0.07:
            wrong = rng.choice([u for u in c.units_by_name.values() if u.pk != unit_id])
            if wrong.pk != unit_id:
                yield _days(rng, 0.1, 3), lambda k: svc.case_assign(case=k, actor=d, unit=wrong)
                yield (
                    _days(rng, 1, 4),
                    lambda k: svc.case_return(
                        case=k, actor=c.handlers[wrong.pk], reason="该事项不属于本单位职责范围。"
                    ),
                )
        yield _days(rng, 0.5, 8), lambda k: svc.case_assign(case=k, actor=d, unit=unit)
        yield _days(rng, 0.1, 4), lambda k: svc.case_acknowledge(case=k, actor=handler)
        if rng.random() < 0.10:
            yield (
                _days(rng, 3, 15),
                lambda k: svc.case_supervise(
                    case=k,
                    actor=sup,
                    note="群众反映强烈，列入县级督办，限十五日内办结。",
                    due_at=timezone.now() + dt.timedelta(days=15),
                ),
            )
        yield (
            _days(rng, 3, 20),
            lambda k: svc.case_progress(
                case=k, actor=handler, note="已到现场调查核实，约谈相关当事方。", on_site=True
            ),
        )
        slow = rng.random() < 0.18
        if slow and rng.random() < 0.5:
            yield (
                _days(rng, 10, 30),
                lambda k: svc.case_urge(case=k, actor=sup, note="请加快办理。"),
            )
        if slow and rng.random() < 0.4:
            yield (
                _days(rng, 5, 20),
                lambda k: svc.case_extend(
                    case=k, actor=lead, days=30, reason="情况复杂，需多部门会商。"
                ),
            )
        reply = text.reply or "经调查核实，已依法依规处理，具体情况已当面向信访人说明。"
        yield (
            (_days(rng, 40, 100) if slow else _days(rng, 5, 35)),
            lambda k: svc.case_reply(case=k, actor=handler, text=reply),
        )
        content = yield from self.follow_up(handler, forced=bool(route))
        if content == "difficult":
            if rng.random() < 0.5:
                return  # left for the leaders' decision
        elif content is not False and (route == "rereview" or rng.random() < 0.12):
            yield (
                _days(rng, 3, 25),
                lambda k: svc.case_review(
                    case=k, actor=d, reason="信访人对处理意见不服，申请复查。"
                ),
            )
            yield (
                _days(rng, 10, 28),
                lambda k: svc.case_reply(
                    case=k, actor=handler, text="复查意见：原处理意见认定事实清楚，维持原处理意见。"
                ),
            )
            if route == "rereview" or rng.random() < 0.3:
                yield (
                    _days(rng, 3, 25),
                    lambda k: svc.case_rereview(
                        case=k, actor=d, reason="信访人对复查意见不服，申请复核。"
                    ),
                )
                yield (
                    _days(rng, 10, 28),
                    lambda k: svc.case_reply(
                        case=k, actor=handler, text="复核意见：维持复查意见，本信访事项终结。"
                    ),
                )
        yield _days(rng, 1, 20), lambda k: svc.case_close(case=k, actor=d)
        yield _days(rng, 10, 60), lambda k: svc.case_archive(case=k, actor=d)

    def follow_up(self, handler: object, forced: bool) -> Iterator[tuple[dt.timedelta, Step]]:
        """Yield the survey answers after the reply and, for the unsatisfied, the levels of
        re-handling; return True (content), False (never answered), "difficult" or None.
        A case on a forced route is content at once, so that it can go on to its state."""
        rng, c = self.rng, self.c
        for level in (1, 2, 3):
            answers, weights = zip(*SURVEY_ANSWERS[level], strict=True)
            answer = SurveyAnswer.SATISFIED if forced else rng.choices(answers, weights)[0]
            if answer is None:
                return False
            reason = rng.choice(UNSATISFIED_REASONS) if answer == "unsatisfied" else ""
            by = None if level == 1 else c.dispatcher
            yield (
                _days(rng, 0.2, 5),
                lambda k, a=answer, r=reason, b=by: answer_survey(k, a, r, b),
            )
            if answer != SurveyAnswer.UNSATISFIED:
                return True
            if level == 3:
                return "difficult"
            yield (
                _days(rng, 4, 14),
                lambda k: svc.case_reply(
                    case=k, actor=handler, text="重新调查处理，已当面向信访人说明处理情况。"
                ),
            )
        return None

    def one(self, text: Text, received: dt.datetime, stop_at: str = "") -> Case:
        """Register one case at received and live its life up to now (or up to stop_at)."""
        rng = self.rng
        count = text.petitioners if text.petitioners < 5 else rng.randint(1, 3)
        names = [self.people.pick() for _ in range(max(1, min(count, 5)))]
        channel = rng.choices(self.channels, self.weights)[0]
        townships = self.c.townships
        township = townships.get(text.township) or rng.choice(list(townships.values()))
        category = self.c.categories.get(text.category)
        with time_machine.travel(received, tick=False), transaction.atomic():
            case = intake_register_case(
                actor=rng.choice(self.c.registrars),
                channel=channel,
                title=text.title,
                content=text.content,
                received_at=received,
                headcount=max(text.petitioners, len(names)),
                region=township,
                category=category,
                visit_level=self.visit_level(channel),
                petitioners=[
                    svc.PetitionerInput(name=n, id_number=i, phone=p, address=f"{township.name}")
                    for n, i, p in names
                ],
            ).case
        at = received
        for delay, step in self.plan(text, ROUTES.get(stop_at, "")):
            at += delay
            if at >= self.now or case.status == stop_at:
                break
            with time_machine.travel(at, tick=False), transaction.atomic():
                case = step(case)
        return case


def generate_cases(
    county: DemoCounty,
    texts: list[Text],
    count: int,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create count cases from texts; return how many were made."""
    rng = random.Random(seed)
    now = timezone.now()
    sim = CaseSimulator(county, texts, rng, now)
    # Register in time order so that case codes rise with the date received. The oldest
    # cases stop in each state in turn, so every state shows however chance falls.
    moments = sorted(now - dt.timedelta(days=rng.uniform(0, 365)) for _ in range(count))
    targets = [state.value for state in CaseStatus]
    for number, received in enumerate(moments):
        sim.one(rng.choice(texts), received, targets[number] if number < len(targets) else "")
        if progress and (number + 1) % 250 == 0:
            progress(number + 1)
    return count
