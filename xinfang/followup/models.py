from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xinfang.cases.models import Case, CaseEvent
from xinfang.followup.choices import FollowupState, SurveyAnswer, SurveyChannel, SurveyStatus
from xinfang.org.models import Unit
from xinfang.people.models import Petitioner


class CaseFollowup(models.Model):
    """Where a replied case stands in the follow-up (回访): its level (1 to 3) and state."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="followup"
    )
    level = models.PositiveSmallIntegerField(_("follow-up level"), default=1)
    state = models.CharField(
        _("follow-up state"),
        max_length=20,
        choices=FollowupState.choices,
        default=FollowupState.SURVEYING,
    )
    last_answer = models.CharField(
        _("last answer"), max_length=20, choices=SurveyAnswer.choices, blank=True
    )
    difficult_at = models.DateTimeField(_("marked difficult at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case follow-up")
        verbose_name_plural = _("case follow-ups")
        indexes = [models.Index(fields=["state", "-updated_at"], name="followup_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="followup_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} L{self.level} {self.state}"


class Survey(models.Model):
    """One satisfaction survey (满意度回访) about one reply of a case.

    The petitioner answers through a one-time link sent by SMS (only a keyed hash of its
    token is stored), or an operator calls and records the answer, or an external SMS or
    phone system posts it to the API. A survey not answered in time becomes 未评价.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="surveys")
    level = models.PositiveSmallIntegerField(_("follow-up level"))
    # The handling unit that gave the reply asked about: whose answer it is for the scores.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("handling unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    petitioner = models.ForeignKey(
        Petitioner,
        verbose_name=_("petitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("reply asked about"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    token_hash = models.CharField(_("link token hash"), max_length=64, unique=True)
    # The token itself, encrypted, so that the reminder carries the same link.
    token_encrypted = models.TextField(_("link token (encrypted)"), blank=True)
    sms_sent = models.BooleanField(_("link sent by SMS"), default=False)
    callback_required = models.BooleanField(_("call-back required"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent at"))
    remind_at = models.DateTimeField(_("remind at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("answer by"))
    answer = models.CharField(_("answer"), max_length=20, choices=SurveyAnswer.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    channel = models.CharField(
        _("answered through"), max_length=10, choices=SurveyChannel.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("answer event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: pending surveys whose reminder or expiry has come.
            models.Index(
                fields=["remind_at"], name="survey_remind_idx", condition=Q(status="pending")
            ),
            models.Index(
                fields=["expires_at"], name="survey_expire_idx", condition=Q(status="pending")
            ),
            # The dashboard's rates: the surveys made since a period began (a case's surveys
            # come after it was received), read from the index alone.
            models.Index(
                fields=["created_at", "case", "status", "answer"], name="survey_created_idx"
            ),
            # Rates: answers of a period by unit.
            models.Index(fields=["unit", "answered_at"], name="survey_unit_answered_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="survey_one_pending"
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="survey_level"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} L{self.level} {self.status}"
