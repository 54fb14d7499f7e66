"""HTTP API of the supervision app."""

urlpatterns: list = []
