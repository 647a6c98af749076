from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "xinfang.followup"
    label = "followup"
    verbose_name = _("Follow-up and satisfaction")

    def ready(self) -> None:
        from xinfang.followup import receivers  # noqa: F401  (connects the signal receivers)
