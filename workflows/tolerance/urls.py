"""Web pages of the tolerance app (included at /tolerance/)."""

from django.urls import path

from . import views

app_name = "tolerance"
urlpatterns = [
    path("new/", views.tolerance_file, name="file"),
]
