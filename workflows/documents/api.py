"""HTTP API of the documents app."""

urlpatterns: list = []
