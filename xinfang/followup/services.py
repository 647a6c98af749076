"""The follow-up (回访): survey the petitioner after each reply, escalate the unsatisfied.

1. ``followup_open_survey`` runs when a case is replied (``receivers``): a survey for the
   case's current level, its one-time link sent to the main petitioner by SMS; from level 2
   on (or without a phone number) an operator must also call back and record the answer.
2. ``survey_answer`` takes the answer, from the link, a call-back, the API or the portal,
   once. It is an event on the case (RATE). 满意 / 基本满意 end the follow-up; 不满意 opens
   the next level: level 2, the unit handles again (``case_rehandle``); level 3, the city
   level under supervision (``case_escalate``); after level 3 the case is marked difficult
   (疑难) and listed for the leaders.
3. ``surveys_sweep`` (a periodic job) reminds once after ``XF_SURVEY_REMIND_DAYS`` and turns
   a survey unanswered after ``XF_SURVEY_EXPIRE_DAYS`` into 未评价, never into satisfied.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from xinfang.cases.choices import Action, CaseStatus
from xinfang.cases.clocks import in_deployment_language
from xinfang.cases.models import Case, CaseEvent
from xinfang.cases.services import case_escalate, case_record, case_rehandle
from xinfang.core import crypto
from xinfang.core.exceptions import ApplicationError
from xinfang.followup.choices import (
    CONTENT_ANSWERS,
    GIVEN_ANSWERS,
    LAST_LEVEL,
    FollowupState,
    SurveyAnswer,
    SurveyChannel,
    SurveyStatus,
)
from xinfang.followup.models import CaseFollowup, Survey
from xinfang.notify.choices import NotifyChannel
from xinfang.notify.services import notify_send, notify_send_to_address
from xinfang.org.choices import Role
from xinfang.org.models import User
from xinfang.org.selectors import unit_staff_nearest
from xinfang.people.services import petitioner_phone_for_messages

# The longest reason kept with an answer.
REASON_MAX = 1000


# ---------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------


def survey_token_hash(token: str) -> str:
    """Return the keyed hash a survey link's token is stored and looked up by."""
    return salted_hmac("xinfang.followup.survey", token, algorithm="sha256").hexdigest()


def survey_by_token(token: str) -> Survey | None:
    """Return the survey of a link's token, or None for a token never issued."""
    if not token or len(token) > 64:
        return None
    return Survey.objects.select_related("case").filter(token_hash=survey_token_hash(token)).first()


def survey_link(token: str) -> str:
    """Return the full address of a survey link, for the SMS."""
    base = (settings.XF_PUBLIC_SITE_URL or settings.XF_NOTIFY_SITE_URL).rstrip("/")
    return f"{base}/s/{token}"


# ---------------------------------------------------------------------------------------------
# Opening a survey
# ---------------------------------------------------------------------------------------------


def _followup_of(case: Case) -> CaseFollowup:
    followup, _created = CaseFollowup.objects.select_for_update().get_or_create(case=case)
    return followup


@transaction.atomic
def followup_open_survey(*, case: Case, reply_event: CaseEvent) -> tuple[Survey, str]:
    """Open the survey about a reply just given; return it and its link's token (shown
    nowhere but in the SMS). A survey still waiting from an earlier reply is replaced."""
    followup = _followup_of(case)
    now = timezone.now()
    _replace_pending(case)
    main = case.case_petitioners.select_related("petitioner").order_by("position").first()
    petitioner = main.petitioner if main else None
    phone = petitioner_phone_for_messages(petitioner) if petitioner else ""
    token = secrets.token_urlsafe(12)
    survey = Survey.objects.create(
        case=case,
        level=followup.level,
        unit=case.assigned_unit,
        petitioner=petitioner,
        reply_event=reply_event,
        token_hash=survey_token_hash(token),
        token_encrypted=crypto.encrypt(token),
        sms_sent=bool(phone),
        callback_required=followup.level > 1 or not phone,
        created_at=now,
        remind_at=now + dt.timedelta(days=settings.XF_SURVEY_REMIND_DAYS),
        expires_at=now + dt.timedelta(days=settings.XF_SURVEY_EXPIRE_DAYS),
    )
    followup.state = FollowupState.SURVEYING
    followup.save(update_fields=["state", "updated_at"])
    if phone:
        _send_link(survey, phone, token, reminder=False)
    return survey, token


def _send_link(survey: Survey, phone: str, token: str, *, reminder: bool) -> None:
    case = survey.case
    values = {"code": case.code, "days": settings.XF_SURVEY_EXPIRE_DAYS}
    if reminder:
        subject = _("Reminder: please rate the answer to your petition %(code)s") % values
    else:
        subject = _("Your petition %(code)s has been answered; please rate it") % values
    notify_send_to_address(
        channel=NotifyChannel.SMS,
        address=phone,
        kind="survey_reminder" if reminder else "survey",
        subject=subject,
        body=_("Satisfied, basically satisfied or unsatisfied: %(link)s")
        % {"link": survey_link(token)},
        dedupe_key=f"survey:{survey.pk}:{'reminder' if reminder else 'link'}",
    )


# ---------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------


def _clean_answer(answer: str, reason: str) -> tuple[SurveyAnswer, str]:
    if answer not in GIVEN_ANSWERS:
        raise ApplicationError(
            _("Choose satisfied, basically satisfied or unsatisfied."),
            code="answer_invalid",
            extra={"field": "answer"},
        )
    reason = (reason or "").strip()
    if answer == SurveyAnswer.UNSATISFIED and not reason:
        raise ApplicationError(
            _("Please say what you are not satisfied with."),
            code="reason_required",
            extra={"field": "reason"},
        )
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            _("The reason is at most %(max)d characters.") % {"max": REASON_MAX},
            code="reason_too_long",
            extra={"field": "reason"},
        )
    return SurveyAnswer(answer), reason


def _closed_error(survey: Survey) -> ApplicationError:
    if survey.status == SurveyStatus.ANSWERED:
        return ApplicationError(
            _("This survey has already been answered; thank you."), code="survey_answered"
        )
    return ApplicationError(
        _("This survey is closed and no longer takes answers."), code="survey_closed"
    )


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    answer: str,
    reason: str = "",
    channel: str,
    recorded_by: User | None = None,
) -> Survey:
    """Record the petitioner's answer to survey, once, and move the follow-up on.

    recorded_by is the operator who took the answer by phone, or the account of the external
    system; None when the petitioner answered themselves (the link, the portal).
    """
    answer_value, reason = _clean_answer(answer, reason)
    if channel not in SurveyChannel.values or channel == SurveyChannel.NONE:
        raise ApplicationError(_("Unknown survey channel."), code="channel_invalid")
    locked = Survey.objects.select_for_update().select_related("case").get(pk=survey.pk)
    if locked.status != SurveyStatus.PENDING:
        raise _closed_error(locked)
    event = _close(locked, SurveyStatus.ANSWERED, answer_value, reason, channel, recorded_by)
    locked.answered_at = event.created_at
    locked.recorded_by = recorded_by
    locked.save(update_fields=["answered_at", "recorded_by"])
    _after_answer(locked, answer_value, reason)
    return locked


def _close(
    locked: Survey,
    status: SurveyStatus,
    answer: SurveyAnswer,
    reason: str,
    channel: str,
    actor: User | None,
) -> CaseEvent:
    """Record how a pending (locked) survey ended, as a RATE event on its case and on the
    survey itself; return the event."""
    event = case_record(
        case=locked.case,
        actor=actor,
        action=Action.RATE,
        payload={
            "survey": locked.pk,
            "level": locked.level,
            "answer": str(answer),
            "answer_label": in_deployment_language(answer.label),
            "reason": reason,
            "channel": str(channel),
        },
    )
    locked.status = status
    locked.answer = answer
    locked.reason = reason
    locked.channel = channel
    locked.answer_event = event
    locked.save(update_fields=["status", "answer", "reason", "channel", "answer_event"])
    return event


def _after_answer(survey: Survey, answer: SurveyAnswer, reason: str) -> None:
    case = Case.objects.get(pk=survey.case_id)
    followup = _followup_of(case)
    followup.last_answer = answer
    if answer in CONTENT_ANSWERS:
        followup.state = FollowupState.CONTENT
    elif case.status != CaseStatus.REPLIED or survey.level != followup.level:
        # The case moved on (a review was asked for, it was closed) or the answer is about an
        # earlier level: recorded, nothing escalated.
        followup.state = FollowupState.UNSATISFIED
    elif followup.level < LAST_LEVEL:
        followup.level += 1
        followup.state = FollowupState.REHANDLING
        followup.save()
        step = case_rehandle if followup.level == 2 else case_escalate
        step(case=case, actor=None, reason=reason)
        return
    else:
        followup.state = FollowupState.DIFFICULT
        followup.difficult_at = timezone.now()
        _mark_difficult(case, reason)
    followup.save()


def _mark_difficult(case: Case, reason: str) -> None:
    case_record(
        case=case,
        actor=None,
        action=Action.MARK_DIFFICULT,
        payload={"level": LAST_LEVEL, "reason": reason},
    )
    unit = case.assigned_unit or case.registered_unit
    notify_send(
        recipients=[
            *unit_staff_nearest(unit, Role.LEADER),
            *unit_staff_nearest(unit, Role.SUPERVISOR),
        ],
        kind="difficult",
        subject=_("%(code)s is a difficult case: unsatisfied after the city level")
        % {"code": case.code},
        body=reason,
        link=case.get_absolute_url(),
    )


def followup_level_moved(*, case: Case, action: Action) -> None:
    """Keep the follow-up level in step when staff re-handle or escalate a case themselves
    (from the case page) rather than through a survey answer."""
    followup = _followup_of(case)
    level = 2 if action == Action.REHANDLE else LAST_LEVEL
    if followup.level < level or followup.state != FollowupState.REHANDLING:
        followup.level = max(followup.level, level)
        followup.state = FollowupState.REHANDLING
        followup.save()
    _replace_pending(case)


def _replace_pending(case: Case) -> None:
    """A new reply or level supersedes the survey still waiting about the case's last one."""
    Survey.objects.filter(case=case, status=SurveyStatus.PENDING).update(
        status=SurveyStatus.REPLACED
    )


# ---------------------------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def survey_expire(*, survey: Survey, now: dt.datetime) -> bool:
    """Turn an unanswered survey into 未评价 (an event on the case); False when it was
    answered or expired meanwhile."""
    locked = Survey.objects.select_for_update().select_related("case").get(pk=survey.pk)
    if locked.status != SurveyStatus.PENDING:
        return False
    _close(locked, SurveyStatus.EXPIRED, SurveyAnswer.NONE, "", SurveyChannel.NONE, None)
    followup = _followup_of(locked.case)
    if followup.state == FollowupState.SURVEYING:
        followup.state = FollowupState.NOT_RATED
        followup.last_answer = SurveyAnswer.NONE
        followup.save()
    return True


def surveys_sweep(now: dt.datetime, limit: int = 200) -> int:
    """Remind the petitioners of surveys due a reminder (once, with the same link) and expire
    the surveys past their answer date; return how many surveys were handled."""
    handled = 0
    due = Survey.objects.filter(status=SurveyStatus.PENDING, expires_at__lte=now)
    for survey in due.order_by("expires_at", "pk")[:limit]:
        handled += survey_expire(survey=survey, now=now)
    reminders = Survey.objects.filter(
        status=SurveyStatus.PENDING, remind_at__lte=now, reminded_at__isnull=True
    ).select_related("case", "petitioner")
    for survey in reminders.order_by("remind_at", "pk")[: max(0, limit - handled)]:
        handled += survey_remind(survey=survey, now=now)
    return handled


@transaction.atomic
def survey_remind(*, survey: Survey, now: dt.datetime) -> bool:
    """Send the one reminder of a survey, with the same link; False when someone else
    already did."""
    claimed = Survey.objects.filter(
        pk=survey.pk, status=SurveyStatus.PENDING, reminded_at__isnull=True
    ).update(reminded_at=now)
    if not claimed:
        return False
    phone = petitioner_phone_for_messages(survey.petitioner) if survey.petitioner else ""
    if phone and survey.token_encrypted:
        _send_link(survey, phone, crypto.decrypt(survey.token_encrypted), reminder=True)
    return True
