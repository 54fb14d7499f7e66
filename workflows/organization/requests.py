"""The request type of views behind login_required, whose user is never anonymous."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For annotations only: login_required guarantees request.user is a signed-in User."""

    user: User
