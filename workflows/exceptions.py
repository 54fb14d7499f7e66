"""Domain errors any app may raise; workflows.api maps each to its HTTP status."""

from django.utils.translation import gettext_lazy as _


class Conflict(Exception):
    """The case, task or record has moved on (completed, claimed, changed concurrently): 409."""

    default_message = _("This case or task has moved on; reload it and try again.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))
