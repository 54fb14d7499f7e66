"""Web pages of the appeal app (included at /appeals/)."""

from django.urls import path

from . import views

app_name = "appeal"
urlpatterns = [
    path("new/", views.appeal_file, name="file"),
]
