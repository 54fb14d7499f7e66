"""The credit office's city-wide view (workflows/organization/scope.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from workflows.organization.scope import is_credit_office, sees_whole_city


def test_someone_not_logged_in_is_not_the_credit_office():
    assert is_credit_office(AnonymousUser()) is False
    assert sees_whole_city(AnonymousUser()) is False


@pytest.mark.django_db
def test_a_user_without_a_department_is_not_the_credit_office(django_user_model):
    assert is_credit_office(django_user_model.objects.create_user(username="nobody")) is False
