"""Celery tasks of supervision (beat: run early in January and July)."""

from celery import shared_task
from django.utils import timezone

from .reports import HalfYear, report_issue


@shared_task(name="workflows.supervision.tasks.supervision_report")
def supervision_report(half: str | None = None) -> str:
    period = HalfYear.parse(half) if half else HalfYear.last_complete(timezone.localdate())
    return report_issue(period).document.number
