"""Issue the half-yearly integrity report: `manage.py supervision_report --half 2026-h2`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workflows.supervision.reports import HalfYear, report_issue


class Command(BaseCommand):
    help = "Issue the half-yearly 通报 (once; later runs print the one issued)."

    def add_arguments(self, parser):
        parser.add_argument("--half", help="e.g. 2026-h2; default: the last complete half year")

    def handle(self, *args, half=None, **options):
        try:
            period = HalfYear.parse(half) if half else HalfYear.last_complete(timezone.localdate())
            report = report_issue(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        totals = report.figures["totals"]
        self.stdout.write(
            f"{report.period}: {report.document.number} "
            f"filed={totals['filed']} decided={totals['decided']} overdue={totals['overdue']}"
        )
