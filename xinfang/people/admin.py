from __future__ import annotations

from django.contrib import admin

from xinfang.people.models import IdentityReveal, Petitioner


@admin.register(Petitioner)
class PetitionerAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number_masked", "phone_masked", "watch_level"]
    search_fields = ["name"]
    exclude = ["id_number_encrypted", "id_number_hash", "phone_encrypted", "phone_hash"]
    readonly_fields = ["id_number_masked", "phone_masked"]


@admin.register(IdentityReveal)
class IdentityRevealAdmin(admin.ModelAdmin):
    list_display = ["revealed_at", "user", "petitioner", "field", "purpose"]
    list_filter = ["field"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
