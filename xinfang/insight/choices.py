from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskKind(models.TextChoices):
    WATCHED_RETURNS = "watched", _("Watch-list petitioner registered again")
    UNSATISFIED_REPEAT = "unsatisfied_repeat", _("Repeat petitioner, last answer unsatisfied")
    GROUP_FORMING = "group", _("Group petition forming")
    VOLUME_SURGE = "surge", _("Weekly volume above its usual range")
