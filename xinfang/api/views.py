"""REST endpoints for other systems. Thin: authorise, parse, call one service or selector."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from xinfang.api import serializers as s
from xinfang.assessment.models import Period
from xinfang.assessment.selectors import period_by_label, period_ranking, unit_lines
from xinfang.cases.actions import ACTION_SERVICES
from xinfang.cases.choices import Action
from xinfang.cases.filtersets import CaseFilterSet
from xinfang.cases.models import Case
from xinfang.cases.notice_service import case_notice_render
from xinfang.cases.notices import NoticeKind
from xinfang.cases.selectors import (
    case_actions_for,
    case_get_visible,
    case_visible_to,
    petitioner_case_history,
    petitioner_get_visible,
)
from xinfang.cases.services import PetitionerInput
from xinfang.core.exceptions import ApplicationError
from xinfang.core.http import DOCX_TYPE, docx_response
from xinfang.followup.models import Survey
from xinfang.followup.services import survey_answer
from xinfang.intake.services import intake_register_case
from xinfang.org.models import Unit
from xinfang.people.selectors import petitioner_find_by_id_number
from xinfang.people.services import petitioner_reveal


def _get_case(request: Request, code: str) -> Case:
    case = case_get_visible(request.user, code)  # type: ignore[arg-type]
    if case is None:
        raise Http404
    return case


def _detail(request: Request, case: Case, status_code: int = 200) -> Response:
    context = {"allowed_actions": case_actions_for(case, request.user)}  # type: ignore[arg-type]
    return Response(s.CaseDetailSerializer(case, context=context).data, status=status_code)


class CaseListCreateView(ListAPIView):
    """List the cases you may see (filters as in the staff list) or register a new one."""

    serializer_class = s.CaseListSerializer
    filterset_class = CaseFilterSet

    def get_queryset(self) -> Any:
        return case_visible_to(self.request.user).select_related(  # type: ignore[arg-type]
            "category", "assigned_unit"
        )

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = s.CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = intake_register_case(
            actor=request.user,  # type: ignore[arg-type]
            channel=v["channel"],
            title=v["title"],
            content=v["content"],
            received_at=v.get("received_at"),
            headcount=v.get("headcount"),
            region=v.get("region"),
            category=v.get("category"),
            visit_level=v.get("visit_level", ""),
            petitioners=[PetitionerInput(**p) for p in v["petitioners"]],
        )
        response = _detail(request, result.case, status.HTTP_201_CREATED)
        response.data["intake"] = s.IntakeSerializer(result).data
        return response


class CaseDetailView(APIView):
    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request: Request, code: str) -> Response:
        """Read one case with its petitioners (masked) and its full timeline."""
        return _detail(request, _get_case(request, code))


ACTION_INPUTS: dict[Action, type[serializers.Serializer]] = {
    Action.ACCEPT: s.NoteInput,
    Action.DECLINE: s.ReasonInput,
    Action.REFUSE_REPEAT: s.RefuseRepeatInput,
    Action.FORWARD: s.ForwardInput,
    Action.ASSIGN: s.AssignInput,
    Action.ACKNOWLEDGE: s.EmptyInput,
    Action.RETURN: s.ReasonInput,
    Action.PROGRESS: s.ProgressInput,
    Action.EXTEND: s.ExtendInput,
    Action.REPLY: s.TextInput,
    Action.REVIEW: s.ReasonInput,
    Action.REREVIEW: s.ReasonInput,
    Action.CLOSE: s.NoteInput,
    Action.ARCHIVE: s.EmptyInput,
    Action.SUPERVISE: s.SuperviseInput,
    Action.URGE: s.NoteInput,
    Action.INSTRUCT: s.TextInput,
    Action.ATTACH: s.AttachInput,
    Action.MERGE: s.MergeInput,
    Action.REHANDLE: s.ReasonInput,
    Action.ESCALATE: s.ReasonInput,
}


class CaseActionView(APIView):
    """Base of the per-action endpoints; each subclass names its action and input."""

    action_name: Action

    def post(self, request: Request, code: str) -> Response:
        case = _get_case(request, code)
        data = ACTION_INPUTS[self.action_name](data=request.data)
        data.is_valid(raise_exception=True)
        service = ACTION_SERVICES[self.action_name]
        case = service(case=case, actor=request.user, **data.validated_data)
        return _detail(request, case)


def _action_view(action: Action) -> type[CaseActionView]:
    """Build the endpoint class of one action, with its own schema (input, summary, id)."""

    def post(self: CaseActionView, request: Request, code: str) -> Response:
        return CaseActionView.post(self, request, code)

    documented = extend_schema(
        operation_id=f"cases_action_{action.value}",
        summary=action.label,
        request=ACTION_INPUTS[action],
        responses=s.CaseDetailSerializer,
    )(post)
    return type(
        f"Case{action.value.title().replace('_', '')}View",
        (CaseActionView,),
        {
            "action_name": action,
            "post": documented,
            "__doc__": f"{action.label}: take this action on the case.",
        },
    )


ACTION_VIEWS = {action: _action_view(action) for action in ACTION_INPUTS}


class CaseNoticeView(APIView):
    @extend_schema(responses={(200, DOCX_TYPE): bytes})
    def get(self, request: Request, code: str, kind: str) -> HttpResponse:
        """Download a notice (告知书) of the case as DOCX."""
        case = _get_case(request, code)
        try:
            notice_kind = NoticeKind(kind)
        except ValueError as exc:
            raise ApplicationError(_("Unknown notice kind."), code="unknown_notice") from exc
        filename, body = case_notice_render(case=case, kind=notice_kind)
        return docx_response(filename, body)


class PetitionerLookupView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("id_number", str, required=True)],
        responses=s.PetitionerHistorySerializer,
    )
    def get(self, request: Request) -> Response:
        """Find a petitioner by ID number and list the cases of theirs you may see."""
        person = petitioner_find_by_id_number(request.query_params.get("id_number", ""))
        if person is None:
            raise Http404
        cases = petitioner_case_history(person, request.user)  # type: ignore[arg-type]
        return Response(
            {
                "petitioner": s.PetitionerSerializer(person).data,
                "cases": s.CaseListSerializer(cases, many=True).data,
            }
        )


class PetitionerRevealView(APIView):
    @extend_schema(request=s.RevealInput, responses=s.RevealOutput)
    def post(self, request: Request, pk: int) -> Response:
        """Show one petitioner's full ID number or phone; the reveal is recorded."""
        person = petitioner_get_visible(request.user, pk)  # type: ignore[arg-type]
        if person is None:
            raise Http404
        data = s.RevealInput(data=request.data)
        data.is_valid(raise_exception=True)
        value = petitioner_reveal(
            petitioner=person,
            user=request.user,
            **data.validated_data,  # type: ignore[arg-type]
        )
        return Response({"field": data.validated_data["field"], "value": value})


# Follow-up (回访)


def _visible_surveys(request: Request) -> Any:
    return Survey.objects.filter(
        case__in=case_visible_to(request.user).values("pk")  # type: ignore[arg-type]
    ).select_related("case")


@extend_schema_view(
    get=extend_schema(
        summary="List the surveys of the cases you may see",
        responses=s.SurveySerializer(many=True),
    )
)
class SurveyListView(ListAPIView):
    """List the satisfaction surveys of the cases you may see, newest first, so that phone
    and SMS systems know whom to ask (``?status=pending&callback_required=true``)."""

    serializer_class = s.SurveySerializer
    filterset_fields = ["status", "level", "callback_required"]

    def get_queryset(self) -> Any:
        return _visible_surveys(self.request).order_by("-created_at", "-id")


class SurveyAnswerView(APIView):
    @extend_schema(
        summary="Record the petitioner's answer to a survey",
        request=s.SurveyAnswerInput,
        responses={200: s.SurveySerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Record the answer an external SMS or phone system took, once; an unsatisfied
        answer moves the follow-up to its next level."""
        survey = _visible_surveys(request).filter(pk=pk).first()
        if survey is None:
            raise Http404
        data = s.SurveyAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        # The service refuses a role that may not record answers (403), and a survey that
        # was answered or closed (409).
        survey = survey_answer(
            survey=survey,
            recorded_by=request.user,  # type: ignore[arg-type]
            **data.validated_data,
        )
        return Response(s.SurveySerializer(survey).data)


# Assessment (考核)


def _get_period(label: str) -> Period:
    period = period_by_label(label)
    if period is None:
        raise Http404
    return period


@extend_schema_view(
    get=extend_schema(
        summary="List the computed assessment periods",
        responses=s.PeriodSerializer(many=True),
    )
)
class PeriodListView(ListAPIView):
    """List the assessment periods computed so far, newest first; ``ends_on`` is the first
    day after the period."""

    serializer_class = s.PeriodSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        return Period.objects.filter(computed_at__isnull=False).order_by("-starts_on", "kind")


class PeriodScoresView(APIView):
    @extend_schema(
        summary="Read the ranking of an assessment period",
        responses=s.PeriodRankingSerializer,
    )
    def get(self, request: Request, label: str) -> Response:
        """List the units of a period (2026-11, 2026-Q4, 2026) with their scores out of
        10,000, rates and trend: ranked units by rank, then those below the minimum sample."""
        period = _get_period(label)
        return Response(
            s.PeriodRankingSerializer({"period": period, "scores": period_ranking(period)}).data
        )


class UnitLinesView(APIView):
    @extend_schema(
        summary="Read the deductions and bonuses of one unit in a period",
        responses=s.UnitLinesSerializer,
    )
    def get(self, request: Request, label: str, unit_code: str) -> Response:
        """List the score lines of one unit in a period, each with its case and event; only
        the lines about cases you may see."""
        period = _get_period(label)
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise Http404
        lines = unit_lines(period, unit).filter(
            case__in=case_visible_to(request.user).values("pk")  # type: ignore[arg-type]
        )
        return Response(
            s.UnitLinesSerializer({"period": period, "unit": unit, "lines": lines}).data
        )
