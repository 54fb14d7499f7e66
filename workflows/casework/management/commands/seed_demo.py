"""manage.py seed_demo: the shared DEMO_SEEDERS, then each registered process's demo seeder, in one
transaction; idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from workflows.casework.registry import processes

DEFAULT_SEEDERS = ["workflows.organization.demo.seed", "workflows.records.demo.seed"]


class Command(BaseCommand):
    help = "Create or update the demo city (Taizhou): departments, logins, records and cases."

    def handle(self, *args, **options):
        seeders = getattr(settings, "DEMO_SEEDERS", DEFAULT_SEEDERS)
        with transaction.atomic():
            for dotted_path in seeders:
                import_string(dotted_path)(stdout=self.stdout)
            for spec in processes():
                if spec.demo_seeder is not None:
                    spec.demo_seeder(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
