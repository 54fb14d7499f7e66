"""The objection appeal through the HTTP API, as its users would drive it."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from workflows.appeal.models import Appeal
from workflows.casework.models import CaseEvent, CaseTask
from workflows.documents.models import Document
from workflows.records.models import CreditRecord, RecordEvent
from workflows.workdays.due_dates import add_workdays, end_of_day

from .helpers import (
    GROUNDS,
    another_record,
    appeal_at_sign,
    client_for,
    complete,
    file_appeal,
    inbox,
    only_task,
    verifier_confirms_error,
)

pytestmark = pytest.mark.django_db


def _expected_due(days: int) -> datetime.datetime:
    return end_of_day(add_workdays(timezone.localdate(), days).due)


def _parse(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


def _walk_to_sign(city, *, outcome="corrected", **draft):
    case = file_appeal(city).json()
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    complete(
        city.verifier_market,
        only_task(city.verifier_market, "verify")["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被撤销，记录有误。",
        proposed_outcome="correct",
        proposed_correction="该处罚已被撤销。",
    )
    fields = {"reasons": "经核实，原处罚决定已被依法撤销。", **draft}
    if outcome in ("dismissed", "dispute_recorded"):
        # against the verifier's finding (the record is wrong): the reasons are required
        fields.setdefault(
            "override_reasons", "复议决定仅变更了罚款数额，记录所载失信事实仍然成立。"
        )
    if outcome == "corrected":
        fields.setdefault("corrected_summary", "原处罚决定已被撤销，不再构成失信。")
    complete(
        city.reviewer, only_task(city.reviewer, "decide")["id"], "draft", outcome=outcome, **fields
    )
    return case


def test_full_journey_corrects_the_record_and_issues_a_verifiable_decision(city):
    # given a finance filer disputing a record provided by the market department
    response = file_appeal(city)
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["number"].startswith(f"YY-{timezone.localdate().year}-")
    assert case["state"] == "filed"
    assert case["state_label"] not in ("", "filed")
    assert CreditRecord.objects.get(pk=city.record.pk).state == "disputed"

    # the accept task is in the reviewer's inbox only, due by the calendar's answer
    accept = only_task(city.reviewer, "accept")
    assert _parse(accept["due_at"]) == _expected_due(2)
    assert accept["actions"] == ["accept", "request_material", "not_accept"]
    for other in (city.filer_finance, city.verifier_market, city.approver):
        assert inbox(other) == []
    assert complete(city.reviewer, accept["id"], "accept").status_code == 200

    # verification goes to the providing department's verifier, not the subject's
    assert inbox(city.verifier_finance) == []
    verify = only_task(city.verifier_market, "verify")
    assert _parse(verify["due_at"]) == _expected_due(10)
    response = complete(
        city.verifier_market,
        verify["id"],
        "confirm_error",
        finding="经核实，该处罚决定已被撤销，记录有误。",
        proposed_outcome="correct",
        proposed_correction="该处罚已被撤销。",
    )
    assert response.status_code == 200, response.content

    decide = only_task(city.reviewer, "decide")
    assert _parse(decide["due_at"]) == _expected_due(3)
    response = complete(
        city.reviewer,
        decide["id"],
        "draft",
        outcome="corrected",
        reasons="经核实，原处罚决定已被依法撤销。",
        corrected_summary="原处罚决定已被撤销，不再构成失信。",
    )
    assert response.status_code == 200, response.content

    sign = only_task(city.approver, "sign")
    assert _parse(sign["due_at"]) == _expected_due(2)
    response = complete(city.approver, sign["id"], "approve")
    assert response.status_code == 200, response.content
    case = response.json()

    # then the case is decided, the record corrected with a new active version and history
    assert case["state"] == "decided"
    assert case["open_tasks"] == []
    old = CreditRecord.objects.get(pk=city.record.pk)
    assert old.state == "corrected"
    new = CreditRecord.objects.get(previous_version=old)
    assert new.state == "active"
    assert new.summary == "原处罚决定已被撤销，不再构成失信。"
    transitions = list(
        RecordEvent.objects.filter(record=old).values_list("from_state", "to_state", "case_id")
    )
    assert transitions[-2:] == [
        ("active", "disputed", case["id"]),
        ("disputed", "corrected", case["id"]),
    ]
    actions = [h["action"] for h in case["history"]]
    assert actions == ["file", "accept", "confirm_error", "draft", "approve"]

    # and the decision is numbered, hashed, verifiable and says what the law requires
    decision = case["decision"]
    year = timezone.localdate().year
    assert decision["number"] == f"泰信异决〔{year}〕1号"
    pdf = client_for(city.filer_finance).get(decision["pdf"])
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    import hashlib

    assert hashlib.sha256(body).hexdigest() == decision["sha256"]
    again = client_for(city.filer_finance).get(decision["pdf"])
    assert (b"".join(again.streaming_content) if again.streaming else again.content) == body
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "泰州市财政局" in text
    assert decision["number"] in text
    assert "更正" in text
    flat = "".join(text.split())
    assert "申请复核" in flat
    assert "行政复议" not in flat
    assert "行政诉讼" not in flat
    verified = client_for(None).get(f"/api/v1/verify/{decision['verify_code']}/").json()
    assert verified["number"] == decision["number"]
    assert verified["sha256"] == decision["sha256"]


def test_not_accepted_clears_the_dispute_and_issues_a_notice(city):
    case = file_appeal(city).json()
    response = complete(
        city.reviewer, only_task(city.reviewer, "accept")["id"], "not_accept", reason="duplicate"
    )
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["state"] == "not_accepted"
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"
    assert case["decision"]["number"].startswith("泰信异不受〔")
    documents = client_for(city.filer_finance).get(f"/api/v1/cases/{case['id']}/documents/").json()
    assert [d["type"] for d in documents] == ["appeal_not_accepted"]
    assert inbox(city.verifier_market) == []


def test_not_accept_with_other_needs_a_comment_and_changes_nothing(city):
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    response = complete(city.reviewer, task["id"], "not_accept", reason="other")
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert only_task(city.reviewer, "accept")["id"] == task["id"]
    assert CreditRecord.objects.get(pk=city.record.pk).state == "disputed"


@pytest.mark.parametrize(
    ("outcome", "record_state", "note"),
    [
        ("dismissed", "active", ""),
        ("revoked", "revoked", ""),
        ("dispute_recorded", "active", "经核实，原处罚决定已被依法撤销。"),
    ],
)
def test_signed_outcomes_move_the_record(city, outcome, record_state, note):
    case = _walk_to_sign(city, outcome=outcome)
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    assert response.status_code == 200, response.content
    assert response.json()["decision"]["outcome"] == outcome
    record = CreditRecord.objects.get(pk=city.record.pk)
    assert record.state == record_state
    assert record.dispute_note == note
    assert Appeal.objects.get(pk=case["id"]).state == "decided"


def test_approver_returns_the_draft_to_the_reviewer(city):
    case = _walk_to_sign(city)
    response = complete(
        city.approver, only_task(city.approver, "sign")["id"], "return", comment="请补充法律依据。"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "deciding"
    assert only_task(city.reviewer, "decide")
    assert Document.objects.filter(case_id=case["id"]).count() == 0


def test_return_needs_a_comment(city):
    _walk_to_sign(city)
    response = complete(city.approver, only_task(city.approver, "sign")["id"], "return")
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


def test_filer_withdraws_before_signing(city):
    case = _walk_to_sign(city)
    response = client_for(city.filer_finance).post(
        f"/api/v1/cases/{case['id']}/withdraw/", {"reason": "已与提供单位协商解决"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    assert response.json()["open_tasks"] == []
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"
    assert inbox(city.approver) == []
    assert not CaseTask.objects.filter(case_id=case["id"], is_open=True).exists()


def test_withdraw_refused_to_others_and_after_signing(city):
    case = _walk_to_sign(city)
    response = client_for(city.reviewer).post(f"/api/v1/cases/{case['id']}/withdraw/")
    assert response.status_code == 403
    complete(city.approver, only_task(city.approver, "sign")["id"], "approve")
    response = client_for(city.filer_finance).post(f"/api/v1/cases/{case['id']}/withdraw/")
    assert response.status_code == 409
    assert Appeal.objects.get(pk=case["id"]).state == "decided"


def test_suspension_for_missing_material_moves_the_due_date(city, time_machine):
    # Friday 2026-11-06: accept is due at the end of Tuesday 2026-11-10
    time_machine.move_to(datetime.datetime(2026, 11, 6, 10, 0, tzinfo=datetime.UTC))
    case = file_appeal(city).json()
    task = only_task(city.reviewer, "accept")
    assert _parse(task["due_at"]) == end_of_day(datetime.date(2026, 11, 10))
    response = complete(city.reviewer, task["id"], "request_material", missing="请补充复议决定书。")
    assert response.status_code == 200
    assert response.json()["suspended"] is True
    # while suspended the task cannot be completed
    assert complete(city.reviewer, task["id"], "accept").status_code == 400

    # the material arrives three working days later (Mon 9 .. Wed 11 November)
    time_machine.move_to(datetime.datetime(2026, 11, 11, 10, 0, tzinfo=datetime.UTC))
    response = client_for(city.filer_finance).post(
        f"/api/v1/cases/{case['id']}/resume/", {"comment": "已上传复议决定书"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["suspended"] is False
    task = only_task(city.reviewer, "accept")
    assert _parse(task["due_at"]) == end_of_day(datetime.date(2026, 11, 13))
    assert complete(city.reviewer, task["id"], "accept").status_code == 200


def test_resume_only_by_the_filing_department(city):
    case = file_appeal(city).json()
    complete(
        city.reviewer,
        only_task(city.reviewer, "accept")["id"],
        "request_material",
        missing="补充材料",
    )
    response = client_for(city.reviewer).post(f"/api/v1/cases/{case['id']}/resume/")
    assert response.status_code == 403


def test_anonymous_is_401(city):
    from rest_framework.test import APIClient

    for url in ("/api/v1/tasks/", "/api/v1/cases/", "/api/v1/appeals/"):
        assert APIClient().get(url).status_code == 401
    assert APIClient().post("/api/v1/appeals/", {}, format="json").status_code == 401


def test_another_departments_case_is_404(city, django_user_model):
    case = file_appeal(city).json()
    from tests.appeal.conftest import _department, _user

    housing = _department("housing", "市住建局", 9)
    filer_housing = _user(django_user_model, "filer_housing", housing, "filer")
    client = client_for(filer_housing)
    assert client.get(f"/api/v1/cases/{case['id']}/").status_code == 404
    assert client.get(f"/api/v1/appeals/{case['id']}/").status_code == 404
    assert client.get(f"/api/v1/records/{city.record.pk}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0
    task = only_task(city.reviewer, "accept")
    assert complete(filer_housing, task["id"], "accept").status_code == 404


def test_wrong_role_cannot_file_403(city):
    response = client_for(city.verifier_finance).post(
        "/api/v1/appeals/",
        {"record": city.record.pk, "grounds": GROUNDS, "requested_outcome": "revoke"},
        format="json",
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()


def test_completing_another_groups_task_is_403(city):
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    response = complete(city.approver, task["id"], "accept")
    assert response.status_code == 403
    assert only_task(city.reviewer, "accept")["id"] == task["id"]
    assert CaseEvent.objects.filter(action="accept").count() == 0


def test_filing_on_a_record_not_active_is_400(city):
    assert file_appeal(city).status_code == 201
    response = file_appeal(city)
    assert response.status_code == 400
    assert "record" in response.json()["errors"]
    assert (
        "异议" in response.json()["errors"]["record"][0]
        or "active" in response.json()["errors"]["record"][0]
    )
    assert Appeal.objects.count() == 1


def test_short_grounds_is_400_and_files_nothing(city):
    response = file_appeal(city, grounds="记录有误")
    assert response.status_code == 400
    assert "grounds" in response.json()["errors"]
    assert not Appeal.objects.exists()
    assert CreditRecord.objects.get(pk=city.record.pk).state == "active"


def test_unknown_action_is_400(city):
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    response = complete(city.reviewer, task["id"], "approve")
    assert response.status_code == 400
    assert "action" in response.json()["errors"]


def test_completed_task_answers_409(city):
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    assert complete(city.reviewer, task["id"], "accept").status_code == 200
    response = complete(city.reviewer, task["id"], "accept")
    assert response.status_code == 409
    assert CaseEvent.objects.filter(action="accept").count() == 1


def test_claim_release_and_claimed_by_someone_else(city, django_user_model):
    from tests.appeal.conftest import _user

    other_reviewer = _user(django_user_model, "reviewer2", city.office, "reviewer")
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    assert client_for(city.reviewer).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    # a claimed task leaves the other reviewers' queue and cannot be taken by them
    assert inbox(other_reviewer) == []
    assert complete(other_reviewer, task["id"], "accept").status_code == 409
    assert client_for(other_reviewer).post(f"/api/v1/tasks/{task['id']}/claim/").status_code == 409
    assert client_for(city.reviewer).post(f"/api/v1/tasks/{task['id']}/release/").status_code == 200
    assert only_task(other_reviewer, "accept")["assignee"] is None


def test_reassign_by_supervisor_only(city, django_user_model):
    from tests.appeal.conftest import _user

    other_reviewer = _user(django_user_model, "reviewer2", city.office, "reviewer")
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    url = f"/api/v1/tasks/{task['id']}/reassign/"
    assert client_for(city.reviewer).post(url, {"assignee": "reviewer2"}).status_code == 403
    assert client_for(city.supervisor).post(url, {"assignee": "filer_finance"}).status_code == 400
    response = client_for(city.supervisor).post(url, {"assignee": "reviewer2"})
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "reviewer2"
    assert inbox(city.reviewer) == []
    assert only_task(other_reviewer, "accept")


def test_one_extension_per_step(city):
    file_appeal(city)
    task = only_task(city.reviewer, "accept")
    url = f"/api/v1/tasks/{task['id']}/extend/"
    assert client_for(city.reviewer).post(url, {"days": 2, "reason": "x"}).status_code == 403
    assert client_for(city.approver).post(url, {"days": 9, "reason": "x"}).status_code == 400
    response = client_for(city.approver).post(url, {"days": 2, "reason": "案情复杂"})
    assert response.status_code == 200, response.content
    assert _parse(response.json()["due_at"]) == _expected_due(4)
    assert client_for(city.approver).post(url, {"days": 1, "reason": "x"}).status_code == 400


def test_bad_query_parameters_are_400(city):
    client = client_for(city.reviewer)
    assert client.get("/api/v1/tasks/", {"overdue": "maybe"}).status_code == 400
    assert client.get("/api/v1/cases/", {"kind": "nonsense"}).status_code == 400
    assert client.get("/api/v1/cases/", {"subject": "abc"}).status_code == 400
    assert client.get("/api/v1/cases/", {"page_size": "500"}).status_code == 400


def test_the_inbox_lists_one_steps_tasks_when_asked(city):
    appeal_at_sign(city)  # passes the reviewer's decide step: none left open
    assert file_appeal(city, record=another_record(city, 1).pk).status_code == 201
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    assert file_appeal(city, record=another_record(city, 2).pk).status_code == 201
    verifier_confirms_error(city)
    assert sorted(t["step"] for t in inbox(city.reviewer)) == ["accept", "decide"]

    assert [t["step"] for t in inbox(city.reviewer, step="decide")] == ["decide"]
    assert [t["step"] for t in inbox(city.reviewer, step="accept")] == ["accept"]
    assert inbox(city.reviewer, step="sign") == []  # the approver's, not the reviewer's
    client = client_for(city.reviewer)
    empty = client.get("/api/v1/tasks/", {"step": ""})
    assert (empty.status_code, list(empty.json()["errors"])) == (400, ["step"])
    assert client.get("/api/v1/tasks/", {"step": "x" * 40}).status_code == 200
    too_long = client.get("/api/v1/tasks/", {"step": "x" * 41})
    assert (too_long.status_code, list(too_long.json()["errors"])) == (400, ["step"])


def test_the_inbox_lists_the_task_due_first_first_and_equal_ones_in_filing_order(city):
    cases = [file_appeal(city, record=another_record(city, n).pk).json()["id"] for n in (1, 2, 3)]
    due = timezone.now() + datetime.timedelta(days=3)
    # the last filed is due first; the first two are due at the same moment
    CaseTask.objects.filter(case_id__in=cases[:2]).update(due_at=due)
    CaseTask.objects.filter(case_id=cases[2]).update(due_at=due - datetime.timedelta(hours=1))

    assert [t["case"] for t in inbox(city.reviewer)] == [cases[2], cases[0], cases[1]]


def test_overdue_filters(city, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 6, 10, 0, tzinfo=datetime.UTC))
    file_appeal(city)
    assert inbox(city.reviewer, overdue="true") == []
    time_machine.move_to(datetime.datetime(2026, 11, 12, 10, 0, tzinfo=datetime.UTC))
    tasks = inbox(city.reviewer, overdue="true")
    # due at the end of Tuesday 10 November; on Thursday 12 it is two working days overdue
    assert tasks[0]["days_overdue"] == 2
    assert len(tasks) == 1
    assert tasks[0]["overdue"] is True
    cases = client_for(city.reviewer).get("/api/v1/cases/", {"overdue": "true"}).json()
    assert cases["count"] == 1
    assert cases["results"][0]["overdue"] is True


def test_the_providing_departments_leader_may_extend_its_verification(city, django_user_model):
    from tests.appeal.conftest import _user

    file_appeal(city)
    complete(city.reviewer, only_task(city.reviewer, "accept")["id"], "accept")
    task = only_task(city.verifier_market, "verify")
    url = f"/api/v1/tasks/{task['id']}/extend/"
    # another department's leader may not; the leader of the department verifying may
    leader_finance = _user(django_user_model, "leader_finance", city.finance, "approver")
    assert client_for(leader_finance).post(url, {"days": 2, "reason": "x"}).status_code == 403
    response = client_for(city.leader_market).post(url, {"days": 3, "reason": "需调取档案"})
    assert response.status_code == 200, response.content
    assert _parse(response.json()["due_at"]) == _expected_due(13)
