from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from xinfang.org.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, ("Xinfang", {"fields": ("full_name", "unit", "role")}))
