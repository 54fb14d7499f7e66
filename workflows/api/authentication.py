"""`Authorization: Token <key>` against hashed, expiring tokens (api.md "Authentication")."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .tokens import token_user

TOKEN_INVALID = _("The token is unknown, expired or revoked; ask for a new one.")


class HashedTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        user = token_user(key)
        if user is None:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        return (user, key)
