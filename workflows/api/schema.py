"""The error shape in the OpenAPI schema: every operation documents its 4xx/5xx answers."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    "Error",
    {
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text='Messages per field; "non_field_errors" for the request as a whole.',
        ),
        "detail": serializers.CharField(),
    },
)

_ERROR = OpenApiResponse(ErrorSerializer)
ERROR_STATUSES = (400, 401, 403, 404, 405, 409, 413, 415, 429, 500)
ERROR_RESPONSES = dict.fromkeys(ERROR_STATUSES, _ERROR)


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation answers errors in the one shape."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "detail": {"type": "string"},
            },
            "required": ["errors"],
        },
    )
    ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in ERROR_STATUSES:
                operation["responses"].setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": "",
                    },
                )
    return result
