"""manage.py expire_records: ends the publicity of records whose maximum period has run."""

from django.core.management.base import BaseCommand

from workflows.records.services import records_expire_due


class Command(BaseCommand):
    help = "Expire active dishonesty records past their publicity end whose obligations are met."

    def handle(self, *args, **options):
        count = records_expire_due()
        self.stdout.write(f"Expired {count} records.")
