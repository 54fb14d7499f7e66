"""Request bodies: a JSON body must be an object, and no text may carry a NUL character.

PostgreSQL refuses NUL in text, so one arriving would answer 500 deep in a service; refused here
it answers 400 before anything runs.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

BODY_NOT_OBJECT = _("The body must be a JSON object.")
NUL_REFUSED = _("Text may not contain NUL characters.")


def has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class JSONObjectParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(BODY_NOT_OBJECT)
        if has_nul(data):
            raise ParseError(NUL_REFUSED)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_nul(list(data.lists())):
            raise ParseError(NUL_REFUSED)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        if has_nul(list(result.data.lists())) or any(
            has_nul(f.name)  # type: ignore[union-attr]
            for f in result.files.values()
        ):
            raise ParseError(NUL_REFUSED)
        return result
