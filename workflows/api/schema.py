"""The error shape in the OpenAPI schema: every operation documents the 4xx/5xx it can answer.

A view names the errors its own checks give (`error_responses(403, 409)`); the postprocessing hook
adds those that any operation of its kind can answer (a NUL in the query, a missing login, a
body too large, ...). An operation that names none gets every error status, so nothing it
answers is undocumented.
"""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    "Error",
    {
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text='Messages per field; "non_field_errors" for the request as a whole.',
        ),
        "detail": serializers.CharField(help_text="The first message, for a person to read."),
    },
)

# what each status means in this API (api.md "Conventions")
ERROR_MEANINGS = {
    400: "Invalid input: the fields at fault and why.",
    401: "Not logged in, or the token is unknown, expired or revoked.",
    403: "Logged in, but not allowed to do this (or the CSRF check failed).",
    404: "Not found, or not visible to you.",
    405: "This method is not allowed here.",
    409: "The case or task has moved on: already completed, claimed by someone else, changed.",
    413: "The request body or an upload is too large.",
    415: "The body's content type, or an upload's type, is not accepted.",
    429: "Too many failed logins: locked for a while.",
    500: "The server failed; the error is logged.",
}
ERROR_STATUSES = tuple(ERROR_MEANINGS)
UNSAFE_METHODS = ("post", "put", "patch", "delete")


def error_responses(*codes: int) -> dict:
    """`extend_schema(responses={200: X, **error_responses(404, 409)})`: the view's own errors."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_MEANINGS[code]) for code in codes
    }


ERROR_RESPONSES = error_responses(*ERROR_STATUSES)

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "detail": {"type": "string"},
    },
    "required": ["errors", "detail"],
}


def errors_any_operation_answers(path: str, method: str, operation: dict) -> set[int]:
    """What the plumbing around a view can answer, whatever the view does."""
    codes = {400, 500}  # a NUL in the query (ApiErrorMiddleware); a failure
    security = operation.get("security") or []
    schemes = [s for s in security if s]
    if schemes:
        codes.add(401)  # a wrong or expired token is refused even where login is optional
        if {} not in security and method in UNSAFE_METHODS:
            codes.add(403)  # a session without its CSRF token
    if "{" in path:
        codes.add(404)
    if "requestBody" in operation or method in UNSAFE_METHODS:
        codes.update({413, 415})
    return codes


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation answers errors in the one shape."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", _ERROR_SCHEMA)
    ref = {"$ref": "#/components/schemas/Error"}
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            declared = any(code[0] in "45" for code in responses)
            codes = (
                errors_any_operation_answers(path, method, operation)
                if declared
                else set(ERROR_STATUSES)
            )
            for code in sorted(codes):
                responses.setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": ERROR_MEANINGS[code],
                    },
                )
            operation["responses"] = dict(sorted(responses.items()))
    return result
