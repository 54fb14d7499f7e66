"""Web pages of the casework app."""

app_name = "casework"
urlpatterns: list = []
