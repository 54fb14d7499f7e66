"""Background jobs of the registry, scheduled by Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import records_expire_due


@shared_task(name="workflows.records.tasks.expire_records")
def expire_records() -> int:
    return records_expire_due()
