"""HTTP API of the workdays app."""

urlpatterns: list = []
