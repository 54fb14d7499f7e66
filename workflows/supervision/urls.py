from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.board_page, name="board"),
    path("summary/", views.summary_page, name="summary"),
]
