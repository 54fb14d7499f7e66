"""The demo seeds a tolerance case at every step; the documents are numbered and rendered."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from workflows.casework.models import CaseTask
from workflows.documents.models import Document
from workflows.tolerance.models import ToleranceCase

from .test_journeys import _determined, _publicity_runs_out

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_demo_seeds_a_case_at_every_step(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    steps = set(
        CaseTask.objects.filter(case__kind="tolerance", is_open=True).values_list("step", flat=True)
    )
    assert steps == {"preliminary_review", "investigate", "consult", "determine", "publicize"}
    late = ToleranceCase.objects.exclude(late_reason="")
    assert late.count() == 1
    assert late.get().state == "filed"
    # run twice: nothing more
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ToleranceCase.objects.count() == 5


def test_the_notice_and_the_decision_are_numbered_documents_with_the_remedy_by_subject_kind(
    city, time_machine
):
    case = _determined(city, time_machine, "exempt")
    notice = Document.objects.get(case_id=case["id"])
    assert notice.doc_type == "tolerance_publicity"
    assert notice.number.endswith("〔2026〕1号")
    assert notice.remedy_text == ""
    _publicity_runs_out(city, time_machine)
    decision = Document.objects.get(case_id=case["id"], doc_type="tolerance_decision")
    assert decision.outcome == "exempt"
    assert "领导小组办公室申请复核" in decision.remedy_text  # a government body's remedy
    assert "三个区分开来" in decision.basis_text
    assert decision.pdf[:4] == b"%PDF"
    assert decision.issued_at > datetime.datetime(2026, 11, 9, tzinfo=SHANGHAI)
