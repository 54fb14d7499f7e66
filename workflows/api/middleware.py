"""Every answer under /api/ that is an error is JSON {"errors": ...}, whoever produced it.

DRF views answer through workflows.api.exceptions; this catches the rest: Django's 404 for an
unmatched path, 405s and 413s raised before a view runs, and 500s, which otherwise render HTML.
"""

import json

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .exceptions import NON_FIELD, error_body

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary", "Content-Language")


def _message(status: int) -> str:
    messages = {
        400: _("The request is malformed."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request body is too large."),
        415: _("This content type is not supported."),
        429: _("Too many requests; wait and try again."),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return _("The server failed to answer; the error has been logged.")
    return _("The request failed.")


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return JsonResponse(
                error_body({"query": [_("Text may not contain NUL characters.")]}), status=400
            )
        response = self.get_response(request)
        if response.status_code < 400 or (_is_json(response) and _has_errors(response)):
            return response
        detail = _message(response.status_code)
        replaced = JsonResponse(
            error_body({NON_FIELD: [detail]}, detail), status=response.status_code
        )
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced


def _has_errors(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False):
        return False
    try:
        return "errors" in json.loads(response.content)
    except (ValueError, TypeError):
        return False
