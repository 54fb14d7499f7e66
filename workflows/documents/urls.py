"""Web pages of the documents app."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
]
