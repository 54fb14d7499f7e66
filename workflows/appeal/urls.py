"""Web pages of the appeal app."""

app_name = "appeal"
urlpatterns: list = []
