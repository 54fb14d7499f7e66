"""Logins: django-axes locks a user name after repeated failures; tokens are hashed, expire,
die with a password change and can be revoked."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from workflows.api.models import AuthToken

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-42"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="clerk", password=PASSWORD)


def _token(username="clerk", password=PASSWORD):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )


def _with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_works_and_is_stored_only_as_a_hash(user):
    response = _token()
    assert response.status_code == 200
    key = response.json()["token"]
    assert _with(key).get("/api/v1/cases/").status_code == 200
    stored = AuthToken.objects.get(user=user)
    assert key not in (stored.key_hash, stored.prefix)
    assert stored.prefix == key[:8]


def test_token_expires(user, settings, time_machine):
    settings.API_TOKEN_TTL_SECONDS = 3600
    time_machine.move_to(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    key = _token().json()["token"]
    time_machine.move_to(datetime.datetime(2026, 6, 1, 9, 59, tzinfo=datetime.UTC), tick=False)
    assert _with(key).get("/api/v1/cases/").status_code == 200
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
    response = _with(key).get("/api/v1/cases/")
    assert response.status_code == 401
    assert "errors" in response.json()


def test_token_dies_with_a_password_change(user):
    key = _token().json()["token"]
    user.set_password("another-horse-43")
    user.save()
    assert _with(key).get("/api/v1/cases/").status_code == 401


def test_token_dies_when_the_user_is_deactivated(user):
    key = _token().json()["token"]
    user.is_active = False
    user.save()
    assert _with(key).get("/api/v1/cases/").status_code == 401


def test_revoke_ends_the_token_presented_only(user):
    first = _token().json()["token"]
    second = _token().json()["token"]
    assert _with(first).post("/api/v1/auth/token/revoke/").status_code == 204
    assert _with(first).get("/api/v1/cases/").status_code == 401
    assert _with(second).get("/api/v1/cases/").status_code == 200
    assert _with(second).post("/api/v1/auth/token/revoke/", {"all": True}).status_code == 204
    assert AuthToken.objects.count() == 0


def test_revoke_needs_a_login():
    assert APIClient().post("/api/v1/auth/token/revoke/").status_code == 401


def test_tokens_are_not_readable_in_the_admin(user, client):
    key = _token().json()["token"]
    root = get_user_model().objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(root)
    token = AuthToken.objects.get()
    page = client.get(reverse("admin:api_authtoken_change", args=[token.pk])).content.decode()
    assert key not in page
    assert token.key_hash not in page
    # DRF's plain-text token table is gone
    assert "/admin/authtoken/" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("limit", [10])
def test_token_endpoint_locks_out_after_the_limit(user, settings, limit):
    settings.AXES_FAILURE_LIMIT = limit
    for _ in range(limit - 1):
        assert _token(password="wrong").status_code == 400
    # the right password one short of the limit still works
    assert _token().status_code == 200
    for _ in range(25):
        _token(password="wrong")
    refused = _token()
    assert refused.status_code == 429
    assert "errors" in refused.json()
    assert AuthToken.objects.count() == 1


def test_login_page_locks_out_after_25_wrong_passwords(user):
    client = Client()
    for _ in range(25):
        client.post("/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # and the API refuses the same user name too
    assert _token().status_code == 429


def test_another_user_is_not_locked_out(user):
    get_user_model().objects.create_user(username="other", password=PASSWORD)
    for _ in range(25):
        _token(password="wrong")
    assert _token(username="other").status_code == 200
