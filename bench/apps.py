"""The bench app: installed only by bench/settings.py, so viewflow can find the bare flow."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"
    default_auto_field = "django.db.models.BigAutoField"
