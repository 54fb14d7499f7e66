"""Evidence in the admin: the chain and viewflow's engine rows may be looked at, never changed."""

from django.contrib import admin
from viewflow.workflow.admin import ProcessAdmin, TaskAdmin
from viewflow.workflow.models import Process, Task

from .models import AuditAnchor, AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "kind", "object_id", "content_hash", "entry_hash", "created_at"]
    list_filter = ["kind"]
    search_fields = ["entry_hash", "content_hash"]


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    list_display = ["day", "sequence", "entry_hash", "created_at"]


# viewflow's own rows are the engine's state: editing or deleting one strands its case
admin.site.unregister(Process)
admin.site.unregister(Task)


@admin.register(Process)
class ReadOnlyProcessAdmin(ReadOnlyAdmin, ProcessAdmin):
    pass


@admin.register(Task)
class ReadOnlyTaskAdmin(ReadOnlyAdmin, TaskAdmin):
    pass
