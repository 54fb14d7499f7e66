"""manage.py backup_restore --from DIR: restore into an empty database, then verify everything."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from workflows.operations.backup import BackupError, backup_restore, stored_hashes_verify


class Command(BaseCommand):
    help = (
        "Restore a backup_create directory into the configured empty database and private "
        "storage, then verify the audit chain and every document's and attachment's SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", required=True, metavar="DIR", dest="source")

    def handle(self, *args, source: str, **options):
        try:
            backup_restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored from {source}")
        call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
        checked, problems = stored_hashes_verify()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} stored files differ from their SHA-256"
            )
        self.stdout.write(f"stored hashes intact: {checked} documents and attachments")
