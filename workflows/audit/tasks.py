"""Celery beat: the daily anchor of the audit chain."""

from celery import shared_task

from .services import audit_anchor_write


@shared_task(name="workflows.audit.tasks.anchor_audit_chain")
def anchor_audit_chain() -> int:
    return audit_anchor_write().sequence
