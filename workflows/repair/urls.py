"""Web pages of the repair app (included at /repairs/)."""

from django.urls import path

from . import views

app_name = "repair"
urlpatterns = [
    path("new/", views.repair_file, name="file"),
    path("commitment/<int:record_pk>.pdf", views.repair_commitment, name="commitment"),
]
