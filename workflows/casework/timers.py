"""The timer dispatcher, run by Celery beat or `manage.py fire_timers`: viewflow's database timers
(deadlines that change a flow's path, periods that end) and the alert sweep (reminders, escalation)."""

from viewflow.workflow.timers import fire_due_timers

from .alerts import alerts_sweep


def fire_timers() -> int:
    """Fire every due timer and alert; safe with several dispatchers (each fires once)."""
    return fire_due_timers() + alerts_sweep()
