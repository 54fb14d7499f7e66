"""Cut Debian's Noto CJK faces to GB 2312 for faster documents (documents.fonts)."""

from django.core.management.base import BaseCommand, CommandError

from workflows.documents.fonts import FontBuildError, fonts_build, fonts_dir


class Command(BaseCommand):
    help = "Cut the Noto CJK faces documents use to GB 2312 (hb-subset) into DOCUMENT_FONTS_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="cut every face again")

    def handle(self, *args, force=False, verbosity=1, **options):
        def progress(line: str) -> None:
            if verbosity >= 1:
                self.stdout.write(line)

        try:
            written = fonts_build(force=force, progress=progress)
        except FontBuildError as error:
            raise CommandError(str(error)) from error
        progress(f"{len(written)} face(s) written to {fonts_dir()}")
