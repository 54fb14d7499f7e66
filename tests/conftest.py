"""Fixtures every test package may use."""

import io
import os

import pytest
from django.core.management import call_command
from django.db import transaction

if os.environ.get("CASEWORK_TEST_DB_TEMPLATE"):

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        """`make mutation`: every mutant runs its tests in a pytest session of its own, and
        migrating a fresh test database took most of each session's time. Here the in-memory test
        database is filled from a database migrated once (CASEWORK_TEST_DB_TEMPLATE) by SQLite's
        backup, in milliseconds."""
        import sqlite3

        from django.conf import settings
        from django.db import connection

        assert connection.vendor == "sqlite", "the template is an SQLite database"  # noqa: S101
        with django_db_blocker.unblock():
            name = connection.creation._get_test_db_name()
            connection.close()
            connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name
            connection.ensure_connection()
            with sqlite3.connect(os.environ["CASEWORK_TEST_DB_TEMPLATE"]) as template:
                template.backup(connection.connection)


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    """Tests run with the project's defaults (zh-hans) unless a test switches language."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The calendar, the step policies and the credit office are cached per process; a test
    database rollback does not reach them."""
    from workflows.casework.assignment import credit_office_cache_clear
    from workflows.casework.deadlines import step_policy_cache_clear
    from workflows.workdays.due_dates import calendar_cache_clear

    caches = (calendar_cache_clear, step_policy_cache_clear, credit_office_cache_clear)
    for clear in caches:
        clear()
    yield
    for clear in caches:
        clear()


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo city, seeded once per test module (seeding takes seconds: it runs real cases
    through their flows and renders their documents). An outer transaction holds it; each
    test's own transaction is a savepoint inside, so a test's changes roll back to the demo and
    the module's end rolls the demo back. Every test of a module that uses it sees the demo."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are skipped before any database set-up on SQLite.

    Skipping inside the test would still run (and flush) a transactional database.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
