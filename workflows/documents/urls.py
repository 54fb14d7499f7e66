"""Web pages of the documents app."""

app_name = "documents"
urlpatterns: list = []
