"""What django-axes answers a locked-out login: JSON under /api/, a page elsewhere."""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from .exceptions import NON_FIELD, error_body
from .views import LOCKED_OUT


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body({NON_FIELD: [str(LOCKED_OUT)]}), status=429)
    response = TemplateResponse(
        request, "registration/locked_out.html", {"message": LOCKED_OUT}, status=429
    )
    return response.render()
