"""Token login and revocation (api.md "Authentication", docs/security.md "Tokens")."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import HashedTokenAuthentication
from .schema import error_responses
from .tokens import token_issue, token_revoke, tokens_revoke_all

LOGIN_FAILED = _("Unable to log in with provided credentials.")
LOCKED_OUT = _("Too many failed logins: this account is locked for a while.")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenRevokeSerializer(serializers.Serializer):
    all = serializers.BooleanField(
        default=False, help_text="Revoke every token of the caller, not only this one."
    )


class ObtainTokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            # answered here as JSON; the axes middleware leaves JSON errors alone
            django_request.axes_locked_out = False  # type: ignore[attr-defined]
            raise Throttled(detail=str(LOCKED_OUT))
        if user is None:
            raise ValidationError({"non_field_errors": [LOGIN_FAILED]})
        key, token = token_issue(user=user)
        return Response(TokenSerializer({"token": key, "expires_at": token.expires_at}).data)


class RevokeTokenView(APIView):
    """Ends the token presented (or, with {"all": true} or a browser session, all the caller's)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=TokenRevokeSerializer, responses={204: None, **error_responses(400, 401)}
    )
    def post(self, request: Request) -> Response:
        form = TokenRevokeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        is_token = isinstance(request.successful_authenticator, HashedTokenAuthentication)
        if form.validated_data["all"] or not is_token:
            tokens_revoke_all(user=request.user)
        elif not token_revoke(key=str(request.auth)):
            raise AuthenticationFailed()
        return Response(status=status.HTTP_204_NO_CONTENT)
