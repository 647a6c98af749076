from __future__ import annotations

from django.urls import path

from xinfang.cases import views

app_name = "cases"
urlpatterns = [
    path("queue/", views.work_queue, name="queue"),
    path("", views.case_list, name="list"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/actions/<str:action>/", views.case_action, name="action"),
    path("<str:code>/notices/<str:kind>.docx", views.case_notice, name="notice"),
]
