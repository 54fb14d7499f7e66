"""Admin for departments and users (roles are groups)."""

from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, User
from .services import user_deactivate, user_delete_refusal

USERS_DEACTIVATED = _("%(count)d users deactivated; their names stay on what they did.")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "uscc", "is_credit_office", "issuer_code"]
    list_filter = ["kind", "is_credit_office"]
    search_fields = ["code", "name", "uscc"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "last_name",
        "first_name",
        "department",
        "leader",
        "is_active",
        "is_staff",
    ]
    actions = ["deactivate"]
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

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        for user in queryset:
            user_deactivate(user=user)
        messages.success(request, USERS_DEACTIVATED % {"count": len(queryset)})

    def get_deleted_objects(self, objs, request):
        """A user who has acted cannot be deleted: the admin shows why and offers deactivation."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [reason for reason in (user_delete_refusal(user) for user in objs) if reason]
        if reasons:
            # the reason, not "no permission to delete tasks", is what the admin needs to read
            return to_delete, model_count, set(), [*reasons, *protected]
        return to_delete, model_count, perms_needed, protected
