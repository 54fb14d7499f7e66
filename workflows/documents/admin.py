"""Issued documents are evidence: the admin may look, never edit. The clause library is edited here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .clauses import (
    clause_create,
    clause_preview_pdf,
    clause_preview_sentence,
    clause_revise,
    clause_text_check,
)
from .models import Clause, Document


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
        "basis_clause",
        "basis_text",
        "remedy_clause",
        "remedy_text",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClauseForm(forms.ModelForm):
    class Meta:
        model = Clause
        fields = ["doc_type", "kind", "subject_kind", "text", "note"]

    def clean(self):
        cleaned = super().clean() or {}
        subject_kind = cleaned.get("subject_kind", self.instance.subject_kind) or ""
        if cleaned.get("text") is not None:
            try:
                clause_text_check(text=cleaned["text"], subject_kind=subject_kind)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    """The clause library: saving a changed text adds a new version; old versions stay as they were."""

    form = ClauseForm
    list_display = ["doc_type", "kind", "subject_kind", "version", "is_current", "created_at"]
    list_filter = ["is_current", "doc_type", "kind", "subject_kind"]
    search_fields = ["text", "note"]
    ordering = ["doc_type", "kind", "subject_kind", "-version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["preview"]
        fixed = ["doc_type", "kind", "subject_kind", "version", "is_current", "created_at"]
        fixed += ["created_by", "preview"]
        if not obj.is_current:
            return [*fixed, "text", "note"]
        return fixed

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["doc_type", "kind", "subject_kind", "text", "note"]
        return [
            "doc_type",
            "kind",
            "subject_kind",
            "version",
            "is_current",
            "text",
            "note",
            "preview",
            "created_at",
            "created_by",
        ]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:documents_clause_preview", args=[obj.pk])
        return format_html(
            '<p style="max-width:40em;font-family:serif;font-size:1.1em">{}</p>'
            '<p><a href="{}" target="_blank">{}</a></p>',
            clause_preview_sentence(obj),
            url,
            _("Preview as a printed document (PDF)"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            new = clause_create(
                doc_type=obj.doc_type,
                kind=obj.kind,
                subject_kind=obj.subject_kind,
                text=obj.text,
                note=obj.note,
                by=request.user,
            )
        elif {"text", "note"} & set(form.changed_data):
            new = clause_revise(clause=obj, text=obj.text, note=obj.note, by=request.user)
        else:
            return
        # the admin goes on with the new version (its "continue editing" page, its log entry)
        obj.pk, obj.version, obj.is_current = new.pk, new.version, True

    def has_delete_permission(self, request, obj=None):
        # documents point at the versions they printed; nothing is ever deleted
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="documents_clause_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        clause = get_object_or_404(Clause, pk=pk)
        response = HttpResponse(clause_preview_pdf(clause), content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response
