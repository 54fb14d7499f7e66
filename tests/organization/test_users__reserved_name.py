"""A history entry's `by` says "system" for what no user did (a timer, the alert sweep): no
user may take that name, or the API could not tell the two apart."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from workflows.api.fields import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser(username="root", password="pw-root-123"))
    return client


def _add_user(admin_client, username):
    return admin_client.post(
        reverse("admin:organization_user_add"),
        {
            "username": username,
            "password1": "Pw-long-enough-42",
            "password2": "Pw-long-enough-42",
            "usable_password": "true",
        },
    )


@pytest.mark.parametrize("username", [SYSTEM_ACTOR, SYSTEM_ACTOR.upper(), "System"])
def test_the_admin_refuses_the_reserved_name_in_any_case(admin_client, username):
    response = _add_user(admin_client, username)

    assert response.status_code == 200  # the form again, with its error
    assert "username" in response.context["adminform"].form.errors
    assert not User.objects.filter(username__iexact=SYSTEM_ACTOR).exists()


def test_a_name_that_only_starts_like_it_is_accepted(admin_client):
    response = _add_user(admin_client, "systems")

    assert response.status_code == 302
    assert User.objects.filter(username="systems").exists()


def test_createsuperuser_refuses_it(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Pw-long-enough-42")
    with pytest.raises(CommandError, match="为系统自动操作保留"):
        call_command("createsuperuser", "--noinput", username=SYSTEM_ACTOR, email="")
    assert not User.objects.filter(username=SYSTEM_ACTOR).exists()
