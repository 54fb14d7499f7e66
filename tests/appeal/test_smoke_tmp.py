import pytest
from workflows.appeal import services
from workflows.appeal.models import Appeal
from workflows.casework import services as cs
from workflows.casework.models import CaseTask
from workflows.casework.selectors import inbox_for

pytestmark = pytest.mark.django_db

def test_smoke(city, fresh_record):
    a = services.appeal_file(by=city.filer_finance, record_id=city.record.pk, grounds="这条记录的处罚决定已经被撤销，所以应当更正为无效记录。", requested_outcome="revoke")
    print(a.number, a.state, fresh_record(city.record).state)
    t = inbox_for(city.reviewer).get()
    print(t.step, t.due_at, t.is_provisional)
    cs.task_complete(case_task=t, by=city.reviewer, action="accept", data={})
    t = inbox_for(city.verifier_market).get()
    cs.task_complete(case_task=t, by=city.verifier_market, action="confirm_error", data={"finding": "确有错误", "proposed_outcome": "revoke"})
    t = inbox_for(city.reviewer).get()
    cs.task_complete(case_task=t, by=city.reviewer, action="draft", data={"outcome": "revoked", "reasons": "处罚决定已撤销"})
    t = inbox_for(city.approver).get()
    c = cs.task_complete(case_task=t, by=city.approver, action="approve", data={})
    a = Appeal.objects.get(pk=a.pk)
    print(a.state, a.decision.number, fresh_record(city.record).state, a.process.status)
    assert a.state == "decided"
