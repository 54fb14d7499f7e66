"""Celery tasks of casework (beat schedule in config/settings/base.py)."""

from celery import shared_task

from .timers import fire_timers as _fire_timers


@shared_task(name="workflows.casework.tasks.fire_timers")
def fire_timers() -> int:
    return _fire_timers()
