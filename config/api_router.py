"""Every app's API endpoints under /api/v1/ (each app's api.py holds its urlpatterns)."""

from django.urls import include, path

urlpatterns = [
    path("", include("workflows.api.urls")),
    path("", include("workflows.workdays.api")),
    path("", include("workflows.records.api")),
    path("", include("workflows.documents.api")),
    path("", include("workflows.casework.api")),
    path("", include("workflows.repair.api")),
    path("", include("workflows.supervision.api")),
]
