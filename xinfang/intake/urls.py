from __future__ import annotations

from django.urls import path

from xinfang.intake import views

app_name = "intake"
urlpatterns = [
    path("register/", views.register_case, name="register"),
    path("lookup/", views.petitioner_lookup, name="lookup"),
    path("suggest/", views.intake_suggest, name="suggest"),
    path("petitioners/<int:pk>/", views.petitioner_detail, name="petitioner"),
    path(
        "petitioners/<int:pk>/reveal/<str:field>/",
        views.petitioner_reveal_field,
        name="reveal",
    ),
]
