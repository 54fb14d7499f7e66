"""Issuing, checking and revoking API tokens (docs/security.md "Tokens")."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import AuthToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_issue(*, user) -> tuple[str, AuthToken]:
    """A new token for the user; the clear key is returned once and never stored."""
    key = secrets.token_hex(20)
    token = AuthToken.objects.create(
        key_hash=_hash(key),
        prefix=key[:8],
        user=user,
        password_hash=user.get_session_auth_hash(),
        expires_at=timezone.now() + timedelta(seconds=settings.API_TOKEN_TTL_SECONDS),
    )
    return key, token


def token_user(key: str):
    """The active user a token names, or None if unknown, expired or issued under an old password."""
    if not key or len(key) > 100:
        return None
    token = AuthToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    if not constant_time_compare(token.password_hash, token.user.get_session_auth_hash()):
        return None
    return token.user


def token_revoke(*, key: str) -> int:
    return AuthToken.objects.filter(key_hash=_hash(key)).delete()[0]


def tokens_revoke_all(*, user) -> int:
    return AuthToken.objects.filter(user=user).delete()[0]


def tokens_delete_expired() -> int:
    return AuthToken.objects.filter(expires_at__lte=timezone.now()).delete()[0]
