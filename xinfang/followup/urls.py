from __future__ import annotations

from django.urls import path

from xinfang.followup import views

app_name = "followup"
urlpatterns = [
    path("callbacks/", views.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/", views.callback_record, name="callback_record"),
    path("difficult/", views.difficult, name="difficult"),
    path("cases/<str:code>/panel/", views.case_panel, name="case_panel"),
]
