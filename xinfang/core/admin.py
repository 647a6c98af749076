from __future__ import annotations

from django.contrib import admin

from xinfang.core.models import LocalDayOff


@admin.register(LocalDayOff)
class LocalDayOffAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
