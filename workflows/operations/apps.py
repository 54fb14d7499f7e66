from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: static files storage, backup and restore. No models, no pages."""

    name = "workflows.operations"
    label = "operations"
