"""The demo seeds rectifications at every step, one overdue with its handling open and one banned
subject, so the supervisor's board and the honours check are not empty on first start."""

import pytest
from django.core.management import call_command

from workflows.casework.models import CaseTask
from workflows.records.models import HonoursBan
from workflows.records.selectors import subject_honours_eligible
from workflows.rectification.models import Rectification

pytestmark = pytest.mark.django_db


def test_demo_rectifications_at_every_step(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    open_steps = set(
        CaseTask.objects.filter(case__kind="rectification", is_open=True).values_list(
            "step", flat=True
        )
    )
    assert {"explain", "rectify", "review_extension", "verify", "handle_overdue"} <= open_steps
    assert Rectification.objects.filter(state="accepted", closed_at__isnull=False).exists()
    overdue = Rectification.objects.filter(
        case_tasks__step="handle_overdue", case_tasks__is_open=True
    )
    assert overdue.count() == 1
    ban = HonoursBan.objects.get()
    assert not subject_honours_eligible(ban.subject)
    assert Rectification.objects.get(pk=ban.case_id).notified_publicly
