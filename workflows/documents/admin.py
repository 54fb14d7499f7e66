"""Issued documents are evidence: the admin may look, never edit."""

from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "case_id", "outcome", "sha256", "issued_at"]
    list_filter = ["doc_type", "year"]
    search_fields = ["number", "verify_code", "subject_name"]
    exclude = ["pdf"]
    readonly_fields = [
        "case_id",
        "case_number",
        "doc_type",
        "title",
        "issuer_code",
        "issuer_name",
        "year",
        "serial",
        "number",
        "outcome",
        "outcome_label",
        "subject_name",
        "sha256",
        "size",
        "verify_code",
        "issued_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
