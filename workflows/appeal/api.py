"""HTTP API of the appeal app."""

urlpatterns: list = []
