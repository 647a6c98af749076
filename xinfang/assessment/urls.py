from __future__ import annotations

from django.urls import path

from xinfang.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.current, name="current"),
    path("<str:label>/", views.ranking, name="ranking"),
    path("<str:label>/export/", views.export, name="export"),
    path("<str:label>/compute/", views.compute, name="compute"),
    path("<str:label>/close/", views.close, name="close"),
    path("<str:label>/units/<str:unit_code>/", views.unit_detail, name="unit"),
    path(
        "<str:label>/units/<str:unit_code>/<str:figure>/",
        views.figure_detail,
        name="figure",
    ),
]
