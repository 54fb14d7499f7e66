"""Admin for the calendar: years with their days, and a schedule upload that uses the import service."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .importing import calendar_file_import
from .models import MAX_YEAR, MIN_YEAR, CalendarYear, OfficialDay
from .services import calendar_changed

IMPORT_DONE = _("Imported the schedule for %(year)s; the year is confirmed.")


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("Schedule file"), help_text=_("CSV with the header date,kind,name, or JSON.")
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("Leave empty to take the year of the dates."),
    )
    source = forms.CharField(
        label=_("Source"), required=False, help_text=_("The notice, e.g. its document number.")
    )


class CalendarChangingAdmin(admin.ModelAdmin):
    """Every change made here reaches the due-date cache at once, and open provisional deadlines
    are recomputed (domain.md §5; a deadline computed in a confirmed year does not move)."""

    def year_of(self, obj) -> int:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        calendar_changed(year=self.year_of(form.instance))

    def delete_model(self, request, obj):
        year = self.year_of(obj)
        super().delete_model(request, obj)
        calendar_changed(year=year)

    def delete_queryset(self, request, queryset):
        years = {self.year_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        for year in sorted(years):
            calendar_changed(year=year)


class OfficialDayInline(admin.TabularInline):
    model = OfficialDay
    extra = 0
    fields = ["date", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarChangingAdmin):
    list_display = ["year", "confirmed", "source", "imported_at", "day_count"]
    list_filter = ["confirmed"]
    readonly_fields = ["imported_at"]
    inlines = [OfficialDayInline]
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def year_of(self, obj: CalendarYear) -> int:
        return obj.year

    @admin.display(description=_("official days"))
    def day_count(self, obj: CalendarYear) -> int:
        return obj.days.count()

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="workdays_calendaryear_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                calendar_year = calendar_file_import(
                    content=upload.read(),
                    filename=upload.name,
                    year=form.cleaned_data["year"],
                    source=form.cleaned_data["source"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                self.message_user(
                    request,
                    str(IMPORT_DONE) % {"year": calendar_year.year},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:workdays_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a year's holiday schedule"),
            "form": form,
        }
        return TemplateResponse(request, "admin/workdays/calendaryear/import_form.html", context)


@admin.register(OfficialDay)
class OfficialDayAdmin(CalendarChangingAdmin):
    list_display = ["date", "kind", "name", "calendar_year"]
    list_filter = ["kind", "calendar_year"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def year_of(self, obj: OfficialDay) -> int:
        return obj.date.year
