"""Issued documents are evidence: the admin lists them but cannot add, change or delete."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(user)
    return client


def test_admin_lists_documents_with_number_and_hash(admin_client, decision):
    response = admin_client.get(reverse("admin:documents_document_changelist"))

    assert response.status_code == 200
    assert decision.number in response.content.decode()
    assert decision.sha256 in response.content.decode()


def test_admin_cannot_add_or_delete_documents(admin_client, decision):
    add = admin_client.get(reverse("admin:documents_document_add"))
    delete = admin_client.post(
        reverse("admin:documents_document_delete", args=[decision.pk]), {"post": "yes"}
    )

    assert add.status_code == 403
    assert delete.status_code == 403
    assert type(decision).objects.filter(pk=decision.pk).exists()
