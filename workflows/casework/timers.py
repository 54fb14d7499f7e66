"""The timer dispatcher: viewflow's database timers, run by Celery beat or `manage.py fire_timers`."""

from viewflow.workflow.timers import fire_due_timers


def fire_timers() -> int:
    """Fire every due timer; safe with several dispatchers (each timer fires once)."""
    return fire_due_timers()
