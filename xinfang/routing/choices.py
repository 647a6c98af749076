from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingKind(models.TextChoices):
    CATEGORY = "category", _("Category")
    UNIT = "unit", _("Handling unit")


class WarningReason(models.TextChoices):
    SIMILAR_CASES = "similar_cases", _("Similar cases from one region")
    HEADCOUNT = "headcount", _("Group visit")
