"""Top-level URLs: the web UI, the admin, the API and public verification."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("", include("workflows.organization.urls")),
    path("", include("workflows.documents.urls")),
    path("", include("workflows.casework.urls")),
    path("appeals/", include("workflows.appeal.urls")),
    path("rectifications/", include("workflows.rectification.urls")),
    path("repairs/", include("workflows.repair.urls")),
    path("tolerance/", include("workflows.tolerance.urls")),
    path("records/", include("workflows.records.urls")),
    path("subjects/", include("workflows.records.subject_urls")),
    path("supervision/", include("workflows.supervision.urls")),
]
