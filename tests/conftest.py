"""Fixtures every test package may use."""

import pytest


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    """Tests run with the project's defaults (zh-hans) unless a test switches language."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
