"""Fixtures of the calendar tests: a fresh calendar cache and a recording recompute hook."""

import pytest

from workflows.workdays.due_dates import calendar_cache_clear

recompute_calls: list[int] = []


def record_recompute(*, year: int) -> int:
    recompute_calls.append(year)
    return 0


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # database rows roll back after each test; the per-process cache must not outlive them
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def recompute_hook(settings) -> list[int]:
    settings.WORKDAYS_RECOMPUTE_HOOKS = ["tests.workdays.conftest.record_recompute"]
    recompute_calls.clear()
    return recompute_calls
