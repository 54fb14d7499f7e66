"""Fire due deadline timers (reminders, escalations) once, or in a loop for development."""

import time

from django.core.management.base import BaseCommand

from workflows.casework.timers import fire_timers


class Command(BaseCommand):
    help = (
        "Fire due workflow timers (viewflow's database timers); --loop N repeats every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, loop: int = 0, **options):
        while True:
            fired = fire_timers()
            if fired or not loop:
                self.stdout.write(f"{fired} timer(s) fired")
            if not loop:
                return
            time.sleep(loop)
