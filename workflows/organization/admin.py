"""Admin for departments and users (roles are groups)."""

from typing import cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "uscc", "is_credit_office", "issuer_code"]
    list_filter = ["kind", "is_credit_office"]
    search_fields = ["code", "name", "uscc"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "department", "leader", "is_staff"]
    list_filter = ["department", "groups", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["department", "leader"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["department", "leader"]
    fieldsets = (
        # Django's UserAdmin always defines fieldsets; the stubs type the base attribute as optional
        *cast(tuple, BaseUserAdmin.fieldsets),
        (_("Department and roles"), {"fields": ("department", "leader")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Department and roles"), {"fields": ("department", "leader", "groups")}),
    )
