"""Web pages of the organization app."""

app_name = "organization"
urlpatterns: list = []
