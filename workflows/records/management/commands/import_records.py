"""manage.py import_records FILE [--skip-invalid]: bulk import of credit records from CSV/XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workflows.records.importing import ImportFileError, records_import


class Command(BaseCommand):
    help = "Import credit records from a .csv or .xlsx file; nothing is imported if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the good rows and report the bad ones instead of importing nothing.",
        )

    def handle(self, *args, file: Path, skip_invalid: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        with file.open("rb") as stream:
            try:
                result = records_import(
                    stream=stream,
                    filename=file.name,
                    skip_invalid=skip_invalid,
                    progress=lambda n: self.stdout.write(f"… {n} rows checked"),
                )
            except ImportFileError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors and not skip_invalid:
            raise CommandError(
                f"{len(result.errors)} of {result.rows} rows are invalid; nothing was imported "
                "(use --skip-invalid to import the valid rows)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.created} of {result.rows} rows"
                + (f", skipped {len(result.errors)} invalid rows." if result.errors else ".")
            )
        )
