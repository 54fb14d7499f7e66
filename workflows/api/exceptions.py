"""One error shape for the whole API: {"errors": {"field": [...]}} plus a "detail" line."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed

from workflows.casework.exceptions import Conflict, UnsupportedUploadType, UploadTooLarge

NON_FIELD = "non_field_errors"
# the largest value a database integer column holds: ids past it name nothing
MAX_BIGINT = 2**63 - 1


def error_body(errors: dict, detail: str = "") -> dict:
    """The one error shape: {"errors": {"field": ["message"]}, "detail": "..."}."""
    if not detail:
        detail = next((str(m[0]) for m in errors.values() if m), "")
    return {"errors": errors, "detail": detail}


def _kwargs_out_of_range(context) -> bool:
    kwargs = (context or {}).get("kwargs") or {}
    return any(isinstance(v, int) and not -MAX_BIGINT <= v <= MAX_BIGINT for v in kwargs.values())


def _validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in msgs]
            for field, msgs in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _as_list(value) -> list:
    if isinstance(value, list):
        return [str(v) if not isinstance(v, dict) else v for v in value]
    return [str(value)]


def _translate(exc: Exception, context=None) -> Exception:
    """Turn domain and Django errors into DRF exceptions with the right status."""
    if isinstance(exc, RequestDataTooBig):
        error = exceptions.APIException(_("The request body is too large."))
        error.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return error
    if isinstance(exc, OverflowError):
        # an integer past 64 bits reached a query (SQLite refuses to bind it)
        if _kwargs_out_of_range(context):
            return exceptions.NotFound()
        return exceptions.ValidationError({NON_FIELD: [_("A number is out of range.")]})
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(_validation_errors(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, (Conflict, ConcurrentTransition, TransitionNotAllowed, FlowLockFailed)):
        message = getattr(exc, "message", None) or Conflict.default_message
        error = exceptions.APIException(str(message))
        error.status_code = status.HTTP_409_CONFLICT
        return error
    if isinstance(exc, OperationalError) and "locked" in str(exc):
        # SQLite refuses a second writer instead of queueing it: the other action won
        error = exceptions.APIException(str(Conflict.default_message))
        error.status_code = status.HTTP_409_CONFLICT
        return error
    if isinstance(exc, UploadTooLarge):
        error = exceptions.APIException(str(exc.message))
        error.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return error
    if isinstance(exc, UnsupportedUploadType):
        return exceptions.UnsupportedMediaType("", detail=str(exc.message))
    return exc


def exception_handler(exc, context):
    exc = _translate(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = {k: _as_list(v) for k, v in data.items()}
        else:
            errors = {NON_FIELD: _as_list(data)}
        detail = _("The request has invalid fields.")
    else:
        detail = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
        errors = {NON_FIELD: [detail]}
    return Response(
        error_body(errors, detail),
        status=response.status_code,
        headers=dict(response.items()),
    )
