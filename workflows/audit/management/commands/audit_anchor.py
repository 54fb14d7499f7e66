"""manage.py audit_anchor: copy today's chain head into the anchor table (and AUDIT_ANCHOR_FILE)."""

from django.core.management.base import BaseCommand

from workflows.audit.services import audit_anchor_write


class Command(BaseCommand):
    help = "Write today's audit anchor (the chain head); once a day, idempotent."

    def handle(self, *args, **options):
        anchor = audit_anchor_write()
        self.stdout.write(f"anchor {anchor.day}: #{anchor.sequence} {anchor.entry_hash}")
