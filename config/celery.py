"""Celery app: the worker runs background work, beat fires the workflow timers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("integrity_casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
