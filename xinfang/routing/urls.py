from __future__ import annotations

from django.urls import path

from xinfang.routing import views

app_name = "routing"
urlpatterns = [
    path("cases/<str:code>/panel/", views.case_panel, name="case_panel"),
    path("warnings/", views.warnings_panel, name="warnings"),
    path("warnings/<int:pk>/handle/", views.warning_handle, name="warning_handle"),
]
