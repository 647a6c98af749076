from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from xinfang.api import views

v1 = [
    path("cases/", views.CaseListCreateView.as_view(), name="case-list"),
    path("cases/<str:code>/", views.CaseDetailView.as_view(), name="case-detail"),
    path(
        "cases/<str:code>/notices/<str:kind>/",
        views.CaseNoticeView.as_view(),
        name="case-notice",
    ),
    *[
        path(
            f"cases/<str:code>/actions/{action.value}/",
            view.as_view(),
            name=f"case-action-{action.value}",
        )
        for action, view in views.ACTION_VIEWS.items()
    ],
    path("petitioners/lookup/", views.PetitionerLookupView.as_view(), name="petitioner-lookup"),
    path(
        "petitioners/<int:pk>/reveal/",
        views.PetitionerRevealView.as_view(),
        name="petitioner-reveal",
    ),
    path("surveys/", views.SurveyListView.as_view(), name="survey-list"),
    path("surveys/<int:pk>/answer/", views.SurveyAnswerView.as_view(), name="survey-answer"),
    path("assessment/periods/", views.PeriodListView.as_view(), name="period-list"),
    path(
        "assessment/periods/<str:label>/scores/",
        views.PeriodScoresView.as_view(),
        name="period-scores",
    ),
    path(
        "assessment/periods/<str:label>/units/<str:unit_code>/lines/",
        views.UnitLinesView.as_view(),
        name="period-unit-lines",
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("v1/", include(v1)),
]
