"""Domain errors that any service may raise; workflows.api maps each to its HTTP status."""

from workflows.exceptions import Conflict

__all__ = ["Conflict", "UnsupportedUploadType", "UploadTooLarge"]


class UploadTooLarge(Exception):
    """413."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class UnsupportedUploadType(Exception):
    """415."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))
