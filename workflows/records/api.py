"""HTTP API of the records app."""

urlpatterns: list = []
