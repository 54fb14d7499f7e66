"""Admin for the registry: the state changes only through cases, content only through
records.services.record_edit, which writes a history row (so the admin asks why)."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .events import record_event_add
from .importing import ImportFileError, records_import
from .models import CreditRecord, HonoursBan, PublicityPolicy, RecordBlock, RecordEvent, Subject
from .publicity import publicity_for
from .services import RECORD_EDIT_NEEDS_REASON, RECORD_EDITABLE_FIELDS, record_edit

IMPORT_DONE = _("Imported %(created)d of %(rows)d rows.")
IMPORT_REJECTED = _("%(count)d rows are invalid; nothing was imported.")


class CreditRecordAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Written to the record's history with the fields changed."),
    )

    class Meta:
        model = CreditRecord
        exclude: list[str] = []

    def clean(self):
        cleaned = super().clean() or {}
        if self.instance.pk and self.has_changed() and not cleaned.get("change_reason", "").strip():
            self.add_error("change_reason", RECORD_EDIT_NEEDS_REASON)
        return cleaned


class RecordImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the invalid ones"), required=False
    )


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "uscc", "person_in_charge", "department"]
    list_filter = ["kind", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "uscc"]
    autocomplete_fields = ["department"]


class RecordEventInline(admin.TabularInline):
    model = RecordEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "by", "case_number", "reason"]
    readonly_fields = cast(list[str], fields)  # plain names only, no field groups

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subject",
        "category",
        "severity",
        "state",
        "publicity_start",
        "publicity_end",
        "provider",
    ]
    list_filter = ["state", "category", "severity", "source", "provider"]
    list_select_related = ["subject", "provider"]
    search_fields = ["summary", "document_number", "subject__name", "subject__uscc"]
    autocomplete_fields = ["subject", "provider"]
    form = CreditRecordAdminForm
    readonly_fields = ["state", "previous_version", "created_at", "updated_at"]
    inlines = [RecordEventInline]
    change_list_template = "records/admin/creditrecord_change_list.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # a different subject or provider is a different record
        return [*self.readonly_fields, "subject", "provider", "dispute_note"]

    def has_delete_permission(self, request, obj=None):
        # records are evidence: revoked or expired through their services, never deleted
        return False

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in RECORD_EDITABLE_FIELDS
            }
            # the form has set the new values on obj: the service compares with the stored row
            record_edit(
                record=obj,
                by=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                **changes,
            )
            obj.refresh_from_db()
            return
        # entered by hand: same defaults and history row as the service
        if obj.publicity_end is None:
            publicity = publicity_for(
                category=obj.category,
                severity=obj.severity,
                start=obj.publicity_start,
                sanction=obj.sanction,
            )
            obj.publicity_end, obj.is_published = publicity.end, publicity.is_published
        super().save_model(request, obj, form, change)
        record_event_add(record=obj, from_state="", to_state=obj.state, by=request.user)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="records_creditrecord_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV/XLSX file: the same import as manage.py import_records."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RecordImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = records_import(
                    stream=upload.file,
                    filename=upload.name,
                    skip_invalid=form.cleaned_data["skip_invalid"],
                    by=request.user,
                )
            except ImportFileError as exc:
                form.add_error("file", exc.messages)
            else:
                errors = result.errors
                if result.errors and not form.cleaned_data["skip_invalid"]:
                    messages.error(request, IMPORT_REJECTED % {"count": len(result.errors)})
                else:
                    messages.success(
                        request, IMPORT_DONE % {"created": result.created, "rows": result.rows}
                    )
                    if not errors:
                        return redirect(reverse("admin:records_creditrecord_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import credit records"),
            "form": form,
            "row_errors": errors,
        }
        return TemplateResponse(request, "records/admin/import.html", context)


@admin.register(RecordEvent)
class RecordEventAdmin(admin.ModelAdmin):
    list_display = ["record", "from_state", "to_state", "by", "case_number", "at"]
    list_filter = ["to_state"]
    list_select_related = ["record", "record__subject", "by"]
    search_fields = ["case_number", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublicityPolicy)
class PublicityPolicyAdmin(admin.ModelAdmin):
    list_display = ["severity", "min_months", "max_months", "repair_after_months", "basis"]


@admin.register(HonoursBan)
class HonoursBanAdmin(admin.ModelAdmin):
    list_display = ["subject", "starts_on", "ends_on", "case_number", "imposed_by"]
    list_select_related = ["subject", "imposed_by"]
    search_fields = ["subject__name", "case_number"]
    readonly_fields = ["imposed_at"]


@admin.register(RecordBlock)
class RecordBlockAdmin(admin.ModelAdmin):
    """Bars on recording a matter, written by cases (a tolerance exemption); an administrator may
    set `until` when the determination no longer stands."""

    list_display = ["subject", "document_number", "case_number", "until", "created_at"]
    search_fields = ["subject__name", "matter", "document_number", "case_number"]
    readonly_fields = ["subject", "matter", "document_number", "reason", "case_id", "case_number"]
