"""Fault-tolerance journeys through the API as the demo users take them (domain.md §6.3): each
outcome with its effect on the record's history, an objection during publicity, the joint
consultation and the case clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from workflows.casework.models import CaseClock, CaseTask, Notification
from workflows.casework.timers import fire_timers
from workflows.records.models import CreditRecord, PublicityPolicy, RecordEvent

from .conftest import client_for, complete, inbox, task_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
CONDITIONS = ["public_interest", "no_private_gain", "due_procedure"]
FINDINGS = {
    "public_interest": {"finding": "met", "evidence": "改革方案"},
    "no_private_gain": {"finding": "met", "evidence": "谈话笔录"},
    "due_procedure": {"finding": "partly", "evidence": "会议纪要"},
}


def _at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def _apply(city, **overrides):
    payload = {
        "subject": city.subject.pk,
        "record": city.record.pk,
        "matter": "简化评审程序被问责",
        "conditions": CONDITIONS,
        "statement": "经集体研究，未谋私利。",
        "learned_on": "2026-10-28",
        **overrides,
    }
    return client_for(city.filer).post("/api/v1/tolerance-determinations/", payload, format="json")


def _forwarded(city, time_machine):
    time_machine.move_to(_at(11, 2))  # Monday 2 November 2026
    case = _apply(city)
    assert case.status_code == 201, case.content
    review = task_of(city.leader, "preliminary_review")
    assert complete(city.leader, review["id"], "forward").status_code == 200
    return case.json()


def _consulting(city, time_machine):
    case = _forwarded(city, time_machine)
    report = complete(
        city.inspector, task_of(city.inspector, "investigate")["id"], "report", findings=FINDINGS
    )
    assert report.status_code == 200, report.content
    return case


def _consult(city, outcome="exempt"):
    consult = task_of(city.reviewer, "consult")
    for user in (city.reviewer, city.inspector, city.approver):
        answer = complete(user, consult["id"], "opinion", outcome=outcome, reasons=f"{user}意见")
        assert answer.status_code == 200, answer.content
    return answer.json()


def _determined(city, time_machine, outcome):
    case = _consulting(city, time_machine)
    _consult(city, outcome)
    determine = task_of(city.approver, "determine")
    answer = complete(
        city.approver, determine["id"], "determine", outcome=outcome, reasons="认定理由"
    )
    assert answer.status_code == 200, answer.content
    assert [t["step"] for t in answer.json()["open_tasks"]] == ["publicize"]
    return case


def _publicity_runs_out(city, time_machine):
    # determined on Monday 2 November: five working days run out at 24:00 on Monday 9 November
    time_machine.move_to(_at(11, 9, 23))
    fire_timers()
    assert task_of(city.reviewer, "publicize")
    time_machine.move_to(_at(11, 10, 1))
    fire_timers()


def _case(city, case):
    return client_for(city.filer).get(f"/api/v1/cases/{case['id']}/").json()


def _detail(city, case):
    return client_for(city.filer).get(f"/api/v1/tolerance-determinations/{case['id']}/").json()


def _history(record):
    return list(RecordEvent.objects.filter(record=record).order_by("pk"))


def test_exempt_revokes_the_record_and_bars_a_new_one_for_the_matter(city, time_machine):
    case = _determined(city, time_machine, "exempt")
    before = len(_history(city.record))
    _publicity_runs_out(city, time_machine)

    detail = _detail(city, case)
    assert detail["state"] == "determined"
    assert detail["open_tasks"] == []
    assert detail["decision"]["outcome"] == "exempt"
    record = CreditRecord.objects.get(pk=city.record.pk)
    assert record.state == "revoked"
    last = _history(record)[-1]
    assert len(_history(record)) == before + 1
    assert (last.from_state, last.to_state, last.case_number) == (
        "active",
        "revoked",
        case["number"],
    )
    assert "容错认定决定书" in last.reason
    assert "免责" in last.reason
    assert CaseClock.objects.get(case_id=case["id"]).is_open is False

    # a new dishonesty record for the same matter: 409, and nothing is written
    payload = {
        "subject": city.subject.pk,
        "category": "dishonesty",
        "severity": "general",
        "source": "accountability",
        "summary": "同一事项再次记录",
        "occurred_on": "2026-10-01",
        "document_number": "泰审问〔2026〕3号",
    }
    count = CreditRecord.objects.count()
    refused = client_for(city.reviewer).post("/api/v1/records/", payload, format="json")
    assert refused.status_code == 409, refused.content
    assert case["number"] in str(refused.json())
    assert CreditRecord.objects.count() == count
    # another matter of the same subject is still recorded
    other = {**payload, "document_number": "泰审问〔2026〕4号", "summary": "另一事项"}
    assert (
        client_for(city.reviewer).post("/api/v1/records/", other, format="json").status_code == 201
    )


@pytest.mark.parametrize("outcome", ["lighter", "reduced"])
def test_lighter_and_reduced_lower_the_severity_and_move_the_publicity_end(
    city, time_machine, outcome
):
    case = _determined(city, time_machine, outcome)
    _publicity_runs_out(city, time_machine)

    record = CreditRecord.objects.get(pk=city.record.pk)
    minor = PublicityPolicy.objects.get(severity="minor")
    assert record.state == "active"
    assert record.severity == "minor"
    assert record.publicity_end == record.publicity_start + relativedelta(
        months=minor.default_months
    )
    assert record.is_published == (minor.default_months > 0)
    last = _history(record)[-1]
    assert (last.from_state, last.to_state, last.case_number) == (
        "active",
        "active",
        case["number"],
    )
    assert "general → minor" in last.reason
    assert _detail(city, case)["state"] == "determined"


def test_not_tolerated_changes_nothing_on_the_record(city, time_machine):
    case = _determined(city, time_machine, "not_tolerated")
    before = CreditRecord.objects.get(pk=city.record.pk)
    history = len(_history(before))
    _publicity_runs_out(city, time_machine)

    after = CreditRecord.objects.get(pk=city.record.pk)
    assert (after.state, after.severity, after.publicity_end) == (
        before.state,
        before.severity,
        before.publicity_end,
    )
    assert len(_history(after)) == history
    detail = _detail(city, case)
    assert detail["state"] == "determined"
    assert detail["decision"]["outcome"] == "not_tolerated"


def test_an_objection_during_publicity_reopens_the_investigation_and_it_is_determined_again(
    city, time_machine
):
    case = _determined(city, time_machine, "exempt")
    period = task_of(city.reviewer, "publicize")
    # the record's provider sees the case but is not in the circle that may object; the
    # applying department's filer is
    # the record provider's filer does not even see the case (domain.md §3: 404, not 403)
    assert complete(city.filer_housing, period["id"], "object", text="x").status_code == 404
    assert _detail(city, case)["state"] == "publicizing"
    assert complete(city.filer, period["id"], "object").status_code == 400
    back = complete(city.filer, period["id"], "object", text="调查遗漏了关键事实")
    assert back.status_code == 200, back.content
    assert [t["step"] for t in back.json()["open_tasks"]] == ["investigate"]
    assert _detail(city, case)["objection"] == "调查遗漏了关键事实"
    # the period's end does nothing any more
    time_machine.move_to(_at(11, 12))
    fire_timers()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"

    complete(
        city.inspector, task_of(city.inspector, "investigate")["id"], "report", findings=FINDINGS
    )
    _consult(city, "lighter")
    again = complete(
        city.approver,
        task_of(city.approver, "determine")["id"],
        "determine",
        outcome="lighter",
        reasons="重新认定",
    )
    assert again.status_code == 200
    detail = _detail(city, case)
    assert (detail["outcome"], detail["rounds"], detail["state"]) == ("lighter", 2, "publicizing")
    # two publicity notices, one per determination
    documents = client_for(city.filer).get(f"/api/v1/cases/{case['id']}/documents/").json()
    assert len(documents if isinstance(documents, list) else documents["results"]) == 2


def test_consult_with_one_opinion_missing_stays_open_and_its_escalation_names_the_role(
    city, time_machine
):
    _consulting(city, time_machine)
    consult = task_of(city.reviewer, "consult")
    assert task_of(city.approver, "consult")["id"] == consult["id"]
    complete(city.reviewer, consult["id"], "opinion", outcome="exempt", reasons="同意")
    last = complete(city.inspector, consult["id"], "opinion", outcome="lighter", reasons="从轻")
    assert [t["step"] for t in last.json()["open_tasks"]] == ["consult"]
    assert inbox(city.reviewer) == []
    # five working days from Monday 2 November run out at 24:00 on Monday 9 November
    time_machine.move_to(_at(11, 10, 1))
    fire_timers()
    escalation = Notification.objects.get(key=f"escalate1:{consult['id']}")
    waiting = escalation.body.split("：")[-1]
    assert "市信用办" in waiting
    assert "市纪委监委" not in waiting


def test_the_consult_page_shows_the_three_opinions_side_by_side(city, time_machine, client):
    _consulting(city, time_machine)
    consult = task_of(city.reviewer, "consult")
    complete(city.reviewer, consult["id"], "opinion", outcome="exempt", reasons="建议免责的理由")
    client.force_login(city.approver)
    page = client.get(reverse("casework:task", args=[consult["id"]]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="opinion"') == 3
    assert "建议免责的理由" in html


def test_the_case_clock_of_three_months_escalates_once(city, time_machine):
    case = _forwarded(city, time_machine)
    clock = CaseClock.objects.get(case_id=case["id"])
    # forwarded on Monday 2 November 2026: three months end on Tuesday 2 February 2027
    assert clock.due_at == datetime.datetime(2027, 2, 3, 0, 0, tzinfo=SHANGHAI)
    time_machine.move_to(_at(2, 3, 1).replace(year=2027))
    fire_timers()
    fire_timers()
    clock.refresh_from_db()
    assert clock.escalation_level == 1
    assert Notification.objects.filter(key=f"escalate1:clock{clock.pk}").count() == 1


def test_decline_closes_the_case_without_a_clock(city, time_machine):
    time_machine.move_to(_at(11, 2))
    case = _apply(city).json()
    review = task_of(city.leader, "preliminary_review")
    assert complete(city.leader, review["id"], "decline").status_code == 400
    answer = complete(city.leader, review["id"], "decline", reason="不符合申请条件")
    assert answer.status_code == 200
    detail = _detail(city, case)
    assert (detail["state"], detail["decline_reason"]) == ("declined", "不符合申请条件")
    assert detail["open_tasks"] == []
    assert not CaseClock.objects.filter(case_id=case["id"]).exists()
    assert not CaseTask.objects.filter(case_id=case["id"], is_open=True).exists()
