from __future__ import annotations

from django.contrib import admin

from xinfang.followup.models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Surveys are the record of what petitioners answered: shown, never edited here."""

    list_display = ["case", "level", "status", "answer", "channel", "created_at", "answered_at"]
    list_filter = ["status", "answer", "level", "channel"]
    search_fields = ["case__code"]
    raw_id_fields = ["case", "petitioner", "reply_event", "answer_event", "recorded_by", "unit"]
    exclude = ["token_hash", "token_encrypted"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
