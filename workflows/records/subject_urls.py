"""Web pages of the subjects (included at /subjects/)."""

from django.urls import path

from . import views

app_name = "subjects"
urlpatterns = [
    path("", views.SubjectListView.as_view(), name="list"),
    path("<int:pk>/", views.SubjectDetailView.as_view(), name="detail"),
]
