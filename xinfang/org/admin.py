from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from xinfang.org.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["parent", "path"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A unit's tree path is set by org.services.unit_create; add units through it.
        return False


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, ("Xinfang", {"fields": ("full_name", "unit", "role")}))
