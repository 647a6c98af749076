from __future__ import annotations

from django.contrib import admin

from xinfang.portal.models import Law, LawArticle


class LawArticleInline(admin.StackedInline):
    model = LawArticle
    extra = 0
    fields = [("number", "label", "chapter"), "text"]


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["title", "issuing_body", "effective_on", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["title", "issuing_body"]
    inlines = [LawArticleInline]


@admin.register(LawArticle)
class LawArticleAdmin(admin.ModelAdmin):
    list_display = ["law", "label", "chapter", "updated_at"]
    list_filter = ["law"]
    search_fields = ["text", "label", "chapter"]
    ordering = ["law", "number"]
