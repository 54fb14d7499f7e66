"""manage.py verify_audit: walk the audit chain and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from workflows.audit.models import AuditEntry
from workflows.audit.services import audit_verify


class Command(BaseCommand):
    help = "Recompute every audit entry from its source row; fail naming the first broken link."

    def handle(self, *args, **options):
        problems = audit_verify()
        if problems:
            for problem in problems[1:]:
                self.stderr.write(f"  also: {problem}")
            raise CommandError(f"audit chain broken at {problems[0]} ({len(problems)} problems)")
        count = AuditEntry.objects.count()
        self.stdout.write(f"audit chain intact: {count} entries")
