"""HTTP API of the casework app."""

urlpatterns: list = []
