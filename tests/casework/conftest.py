"""The casework tests drive real appeals: the appeal tests' small city is theirs too."""

from tests.appeal.conftest import city, fresh_record  # noqa: F401
