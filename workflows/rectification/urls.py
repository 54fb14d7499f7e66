"""Web pages of the rectification app (included at /rectifications/)."""

from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("new/", views.rectification_issue, name="issue"),
]
