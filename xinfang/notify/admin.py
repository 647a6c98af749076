"""Administrators read the messages sent (never change them) and keep staff contact details."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfang.notify.models import Contact, Message
from xinfang.org.models import User


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "recipient",
        "channel",
        "address",
        "kind",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "read_at",
    ]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["subject", "address", "recipient__username", "recipient__full_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["user", "mobile", "sms_enabled", "email_enabled"]
    list_filter = ["sms_enabled", "email_enabled"]
    search_fields = ["user__username", "user__full_name", "mobile"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


class ContactInline(admin.StackedInline):
    model = Contact
    can_delete = False
    extra = 0
    max_num = 1


# A staff member's mobile number and channels are edited on their own page. The org app
# sits below notify and cannot know of Contact, so notify adds its inline to org's admin.
_staff_admin = type(admin.site._registry[User])
admin.site.unregister(User)


@admin.register(User)
class StaffWithContactAdmin(_staff_admin):  # type: ignore[valid-type,misc]
    inlines = [*_staff_admin.inlines, ContactInline]
