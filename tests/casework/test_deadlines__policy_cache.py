"""A step's policy (its limit, extension and escalation days) is read once a minute per server:
a change saved on one server clears that server's copy at once, and every other server reads
the new row once its copy is POLICY_CACHE_SECONDS old — not a moment later, and not before."""

import pytest

from workflows.casework import deadlines
from workflows.casework.deadlines import POLICY_CACHE_SECONDS, step_policy
from workflows.casework.models import StepPolicy

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_another_servers_change_is_read_once_the_copy_is_a_minute_old(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(deadlines, "monotonic", clock)
    StepPolicy.objects.create(kind="probe", step="intake", limit_days=5)
    assert step_policy("probe", "intake").limit_days == 5

    # saved on another server: a queryset update does not clear this server's copy
    StepPolicy.objects.filter(kind="probe", step="intake").update(limit_days=7)
    clock.now += POLICY_CACHE_SECONDS - 0.001
    assert step_policy("probe", "intake").limit_days == 5
    clock.now = 1000.0 + POLICY_CACHE_SECONDS
    assert step_policy("probe", "intake").limit_days == 7


def test_a_change_saved_here_applies_at_once():
    policy = StepPolicy.objects.create(kind="probe", step="intake", limit_days=5)
    assert step_policy("probe", "intake").limit_days == 5

    policy.limit_days = 7
    policy.save()

    assert step_policy("probe", "intake").limit_days == 7
