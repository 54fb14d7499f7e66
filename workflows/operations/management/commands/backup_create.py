"""manage.py backup_create --to DIR: the database and the private files, with a SHA-256 manifest."""

from django.core.management.base import BaseCommand, CommandError

from workflows.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the private files into DIR (docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, metavar="DIR")

    def handle(self, *args, to: str, **options):
        try:
            manifest = backup_create(to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup written to {to}: {len(manifest['files'])} files")
