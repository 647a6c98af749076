"""Administrators may read cases and events here but never change them: every change to a
case goes through its services, so that it is checked and lands on the event chain."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfang.cases.models import Case, CaseEvent, Category, ServiceLevelRule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "channel", "status", "received_at", "assigned_unit"]
    list_filter = ["status", "channel"]
    search_fields = ["code"]
    show_full_result_count = False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]
    show_full_result_count = False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "sort_order"]


@admin.register(ServiceLevelRule)
class ServiceLevelRuleAdmin(admin.ModelAdmin):
    """Local service levels (时限规则): administrators add, change and switch them off; a
    deadline keeps the rule's name as it was when the deadline started."""

    list_display = [
        "name",
        "deadline",
        "channel",
        "category",
        "unit_kind",
        "min_headcount",
        "amount",
        "unit",
        "remind_before",
        "priority",
        "is_active",
    ]
    list_filter = ["deadline", "is_active", "channel"]
    list_editable = ["is_active"]
    search_fields = ["name"]
