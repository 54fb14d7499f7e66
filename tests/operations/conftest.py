"""The small city of the appeal tests serves the scale-out test too."""

from tests.appeal.conftest import city  # noqa: F401 -- re-exported fixture
