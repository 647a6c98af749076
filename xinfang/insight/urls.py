from __future__ import annotations

from django.urls import path

from xinfang.insight import views

app_name = "insight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("risks/", views.risks, name="risks"),
    path("hot/<int:pk>/", views.hot_issue, name="hot_issue"),
    path("risks/<int:pk>/acknowledge/", views.risk_acknowledge_view, name="risk_acknowledge"),
]

urlpatterns += [
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
