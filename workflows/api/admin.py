"""Tokens in the admin: who holds one and until when; the hash is never shown, revoking is."""

from django.contrib import admin

from .models import AuthToken


@admin.register(AuthToken)
class AuthTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]
    fields = ["prefix", "user", "created_at", "expires_at"]
    readonly_fields = fields  # type: ignore[assignment]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
