from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyAnswer(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    # No answer within XF_SURVEY_EXPIRE_DAYS: 未评价, never counted as satisfied.
    NONE = "none", _("Not rated")


# The answers a petitioner can give (NONE is what silence becomes).
GIVEN_ANSWERS = (SurveyAnswer.SATISFIED, SurveyAnswer.BASICALLY, SurveyAnswer.UNSATISFIED)
CONTENT_ANSWERS = frozenset({SurveyAnswer.SATISFIED, SurveyAnswer.BASICALLY})


class SurveyChannel(models.TextChoices):
    SMS = "sms", _("SMS link")
    PHONE = "phone", _("Phone call-back")
    API = "api", _("External system")
    PORTAL = "portal", _("Public portal")
    NONE = "none", _("No answer")


class SurveyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Not answered in time")
    # A new reply was given before this survey was answered; the new survey replaces it.
    REPLACED = "replaced", _("Replaced by a later survey")


class FollowupState(models.TextChoices):
    SURVEYING = "surveying", _("Survey sent")
    REHANDLING = "rehandling", _("Being handled again")
    CONTENT = "content", _("Satisfied")
    NOT_RATED = "not_rated", _("Not rated")
    # Unsatisfied while the case was no longer waiting for the follow-up (under review,
    # closed): recorded, nothing escalated.
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    DIFFICULT = "difficult", _("Difficult case")


# The follow-up levels: 1 the first survey after the reply, 2 the unit handles again,
# 3 the city level handles under supervision; unsatisfied after 3 makes a difficult case.
LEVELS = (1, 2, 3)
LAST_LEVEL = LEVELS[-1]
