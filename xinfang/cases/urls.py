from __future__ import annotations

from django.urls import path

from xinfang.cases import views

app_name = "cases"
urlpatterns = [
    path("queue/", views.work_queue, name="queue"),
    path("", views.case_list, name="list"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("instructions/", views.instructions_given, name="instructions"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/actions/<str:action>/", views.case_action, name="action"),
    path(
        "<str:code>/instructions/<int:pk>/read/",
        views.instruction_read,
        name="instruction_read",
    ),
    path("<str:code>/notices/<str:kind>.docx", views.case_notice, name="notice"),
    path("<str:code>/attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
