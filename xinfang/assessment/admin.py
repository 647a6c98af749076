from __future__ import annotations

from django.contrib import admin

from xinfang.assessment.models import Period, ScoringRule


@admin.register(ScoringRule)
class ScoringRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "points", "cap_per_case", "parameter", "is_active"]
    list_editable = ["points", "cap_per_case", "is_active"]
    list_filter = ["is_active"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    """Periods are made and closed by the assessment itself; the admin only shows them."""

    list_display = ["__str__", "kind", "starts_on", "ends_on", "state", "computed_at", "closed_by"]
    list_filter = ["kind", "state"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
