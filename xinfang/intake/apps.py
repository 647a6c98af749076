from __future__ import annotations

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "xinfang.intake"
    label = "intake"
