"""Shapes of the API's input and output. Input serializers check shape only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from xinfang.assessment.models import Period, ScoreLine
from xinfang.cases.choices import Channel, VisitLevel
from xinfang.cases.deadlines import deadline_colour
from xinfang.cases.models import Case, CaseEvent, Category
from xinfang.followup.choices import GIVEN_ANSWERS, SurveyChannel
from xinfang.followup.models import Survey
from xinfang.followup.services import REASON_MAX
from xinfang.org.models import Unit
from xinfang.people.models import Petitioner


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class PetitionerSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked")
    phone = serializers.CharField(source="phone_masked")

    class Meta:
        model = Petitioner
        fields = ["id", "name", "id_number", "phone", "address", "gender", "watch_level"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name", default=None)

    class Meta:
        model = CaseEvent
        fields = [
            "seq",
            "action",
            "from_status",
            "to_status",
            "actor",
            "created_at",
            "payload",
            "hash",
        ]


class CaseListSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code", default=None)
    assigned_unit = UnitRefSerializer(allow_null=True)
    deadline_colour = serializers.SerializerMethodField()
    is_group = serializers.BooleanField()

    class Meta:
        model = Case
        fields = [
            "code",
            "channel",
            "status",
            "title",
            "received_at",
            "headcount",
            "is_group",
            "category",
            "visit_level",
            "assigned_unit",
            "due_at",
            "deadline_colour",
            "is_supervised",
            "urge_count",
        ]

    def get_deadline_colour(self, case: Case) -> str | None:
        return deadline_colour(case.due_at, case.due_warn_at, timezone.now())


class CaseDetailSerializer(CaseListSerializer):
    petitioners = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    registered_unit = UnitRefSerializer()
    region = UnitRefSerializer(allow_null=True)
    forwarded_to = serializers.CharField(source="forwarded_to_name")
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "content",
            "region",
            "registered_unit",
            "forwarded_to",
            "accepted_at",
            "reply_due_at",
            "extension_days",
            "replied_at",
            "closed_at",
            "archived_at",
            "petitioners",
            "allowed_actions",
            "events",
        ]

    def get_petitioners(self, case: Case) -> list[dict[str, Any]]:
        people = [link.petitioner for link in case.case_petitioners.select_related("petitioner")]
        return PetitionerSerializer(people, many=True).data  # type: ignore[return-value]

    def get_allowed_actions(self, case: Case) -> list[str]:
        return [str(a) for a in self.context.get("allowed_actions", [])]


class PetitionerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CaseCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=settings.XF_MAX_CONTENT_LENGTH)
    received_at = serializers.DateTimeField(required=False)
    headcount = serializers.IntegerField(min_value=1, required=False)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True
    )
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), required=False, allow_null=True
    )
    visit_level = serializers.ChoiceField(
        choices=VisitLevel.choices, required=False, allow_blank=True, default=""
    )
    petitioners = PetitionerInputSerializer(many=True, allow_empty=False)


# One input serializer per action; fields match the service's keyword arguments.


class EmptyInput(serializers.Serializer):
    pass


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RequiredNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ProgressInput(RequiredNoteInput):
    on_site = serializers.BooleanField(required=False, default=False)


class SuperviseInput(RequiredNoteInput):
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RefuseRepeatInput(ReasonInput):
    earlier_case_code = serializers.CharField(required=False, allow_blank=True, default="")


class ForwardInput(ReasonInput):
    to_unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    to_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class AssignInput(NoteInput):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())


class ExtendInput(ReasonInput):
    days = serializers.IntegerField(min_value=1, max_value=settings.XF_MAX_EXTENSION_DAYS)


class TextInput(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class AttachInput(serializers.Serializer):
    """Files as multipart/form-data: one ``files`` part per file, and an optional note."""

    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class RevealInput(serializers.Serializer):
    field = serializers.ChoiceField(choices=["id_number", "phone"])
    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class PetitionerHistorySerializer(serializers.Serializer):
    petitioner = PetitionerSerializer()
    cases = CaseListSerializer(many=True)


class RevealOutput(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class MergeInput(serializers.Serializer):
    master_code = serializers.CharField(max_length=20)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ChoiceSerializer(serializers.Serializer):
    label = serializers.CharField()
    name = serializers.CharField()
    confidence = serializers.FloatField()
    rule = serializers.BooleanField()


class DuplicateSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    similarity = serializers.FloatField()


class WarningSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reason = serializers.CharField()
    region = serializers.CharField(source="region.code", default=None)


class IntakeSerializer(serializers.Serializer):
    """What the smart checks found at registration."""

    categories = ChoiceSerializer(source="suggestions.categories", many=True)
    units = ChoiceSerializer(source="suggestions.units", many=True)
    duplicates = DuplicateSerializer(many=True)
    warnings = WarningSerializer(many=True)


class CaseCreatedSerializer(CaseDetailSerializer):
    """The registered case, with what the smart checks found (schema of the 201 answer)."""

    intake = IntakeSerializer(read_only=True)

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "intake"]


# Follow-up (回访)


class SurveySerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.code")

    class Meta:
        model = Survey
        fields = [
            "id",
            "case",
            "level",
            "status",
            "answer",
            "channel",
            "callback_required",
            "created_at",
            "expires_at",
            "answered_at",
        ]


# The channels an external system may answer through (the link and the portal are ours).
API_SURVEY_CHANNELS = [SurveyChannel.SMS, SurveyChannel.PHONE, SurveyChannel.API]


class SurveyAnswerInput(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[(a.value, a.label) for a in GIVEN_ANSWERS])
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=REASON_MAX
    )
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in API_SURVEY_CHANNELS], default=SurveyChannel.API
    )


# Assessment (考核)


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Period
        fields = ["kind", "label", "starts_on", "ends_on", "state", "computed_at"]


class RatesSerializer(serializers.Serializer):
    """The four rates in percent, one decimal; null when nothing was counted."""

    ack = serializers.FloatField(allow_null=True)
    reply = serializers.FloatField(allow_null=True)
    rated = serializers.FloatField(allow_null=True)
    content = serializers.FloatField(allow_null=True)


class ScoreCountsSerializer(serializers.Serializer):
    """What the rates are made of: met, out of."""

    ack_met = serializers.IntegerField()
    ack_total = serializers.IntegerField()
    reply_met = serializers.IntegerField()
    reply_total = serializers.IntegerField()
    surveyed = serializers.IntegerField()
    rated = serializers.IntegerField()
    content = serializers.IntegerField()


class RankingRowSerializer(serializers.Serializer):
    """One unit of a period's ranking (a ``RankingRow``)."""

    unit = UnitRefSerializer()
    score = serializers.DecimalField(source="score.score", max_digits=9, decimal_places=2)
    deductions = serializers.DecimalField(source="score.deductions", max_digits=9, decimal_places=2)
    bonuses = serializers.DecimalField(source="score.bonuses", max_digits=9, decimal_places=2)
    sample = serializers.IntegerField(source="score.sample")
    rank = serializers.IntegerField(source="score.rank", allow_null=True)
    grade = serializers.CharField(source="score.grade")
    rates = RatesSerializer()
    counts = ScoreCountsSerializer(source="score")
    score_change = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)


class PeriodRankingSerializer(serializers.Serializer):
    period = PeriodSerializer()
    scores = RankingRowSerializer(many=True)


class ScoreLineSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.code")
    event_seq = serializers.IntegerField(source="event.seq")
    event_action = serializers.CharField(source="event.action")

    class Meta:
        model = ScoreLine
        fields = [
            "kind",
            "rule_name",
            "case",
            "event_seq",
            "event_action",
            "quantity",
            "points",
            "note",
        ]


class UnitLinesSerializer(serializers.Serializer):
    period = PeriodSerializer()
    unit = UnitRefSerializer()
    lines = ScoreLineSerializer(many=True)
