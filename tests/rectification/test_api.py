"""Rectification journeys through the API as the demo users would make them (domain.md §6.2)."""

import datetime

import pytest

from workflows.casework.models import CaseTask
from workflows.casework.timers import fire_timers
from workflows.records.models import CreditRecord, RecordEvent

from .conftest import at, client_for, complete, inbox, issue, task_of

pytestmark = pytest.mark.django_db

DEADLINE = "2026-11-30"  # 20 working days after Monday 2 November 2026
DUE_AT = "2026-12-01T00:00:00+08:00"


def _documents(user, case_id):
    response = client_for(user).get(f"/api/v1/cases/{case_id}/documents/")
    assert response.status_code == 200
    return response.json()


def _case(user, case_id):
    response = client_for(user).get(f"/api/v1/rectifications/{case_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _explained(city):
    case = issue(city)
    assert case.status_code == 201, case.content
    explain = task_of(city.filer, "explain")
    response = complete(city.filer, explain["id"], "submit", causes="合同管理制度不健全。")
    assert response.status_code == 200, response.content
    return case.json()


def _reported(city, case_id):
    rectify = task_of(city.filer, "rectify")
    response = complete(city.filer, rectify["id"], "submit_report", measures_taken="已全额履行。")
    assert response.status_code == 200, response.content
    return response


def test_happy_path_notice_explanation_report_acceptance(city):
    response = issue(city)
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["number"] == "ZG-2026-000001"
    assert case["kind"] == "rectification"
    assert case["state"] == "explaining"
    assert case["deadline_on"] == DEADLINE
    assert case["deadline_days"] == 20
    assert [t["step"] for t in case["open_tasks"]] == ["explain"]
    # the notice is issued at once, numbered per type and year
    notices = _documents(city.reviewer, case["id"])
    assert [(d["type"], d["number"]) for d in notices] == [
        ("rectification_notice", "泰信整通〔2026〕1号")
    ]
    # the subject's department sees the case and holds the explain task (5 working days)
    explain = task_of(city.filer, "explain")
    assert explain["due_at"] == "2026-11-10T00:00:00+08:00"
    assert client_for(city.filer).get(f"/api/v1/rectifications/{case['id']}/").status_code == 200

    assert complete(city.filer, explain["id"], "submit", causes="制度不健全。").status_code == 200
    rectify = task_of(city.filer, "rectify")
    assert rectify["due_at"] == DUE_AT
    assert sorted(rectify["actions"]) == ["request_extension", "submit_report"]

    _reported(city, case["id"])
    verify = task_of(city.reviewer, "verify")
    accepted = complete(city.reviewer, verify["id"], "accept_rectification", comment="整改到位。")
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["state"] == "accepted"
    assert body["open_tasks"] == []
    assert body["closed_at"] is not None
    assert body["decision"]["number"] == "泰信整验〔2026〕1号"
    record = CreditRecord.objects.get(pk=city.record.pk)
    assert record.obligations_met is True
    assert RecordEvent.objects.filter(record=record, case_id=case["id"]).exists()
    pdf = client_for(city.filer).get(body["decision"]["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_a_second_issue_on_the_same_record_is_refused_while_open(city):
    assert issue(city).status_code == 201
    again = issue(city)
    assert again.status_code == 400
    assert "record" in again.json()["errors"]


def test_deadline_days_set_by_the_issuer(city):
    case = issue(city, deadline_days=5).json()
    assert case["deadline_on"] == "2026-11-09"


@pytest.mark.parametrize("username", ["filer", "approver", "verifier_credit"])
def test_only_reviewers_and_supervisors_of_the_credit_office_issue(city, username):
    response = issue(city, by=getattr(city, username))
    assert response.status_code == 403
    assert not CaseTask.objects.exists()


def test_the_supervisor_may_issue(city):
    assert issue(city, by=city.supervisor).status_code == 201


def test_a_person_subject_answers_400(city):
    record = city.make_record(subject=city.person, source="discipline", sanction="demerit")
    response = issue(city, record=record)
    assert response.status_code == 400, response.content
    assert "record" in response.json()["errors"]
    assert not CaseTask.objects.exists()


def test_a_commendation_answers_400(city):
    record = city.make_record(category="commendation", severity="")
    response = issue(city, record=record)
    assert response.status_code == 400
    assert "record" in response.json()["errors"]


def test_a_record_that_is_not_active_answers_400(city):
    from workflows.records.services import record_transition

    record_transition(record=city.record, transition="mark_disputed")
    response = issue(city)
    assert response.status_code == 400
    assert "record" in response.json()["errors"]
    assert not CaseTask.objects.exists()


def test_missing_fields_answer_400(city):
    response = client_for(city.reviewer).post("/api/v1/rectifications/", {}, format="json")
    assert response.status_code == 400
    assert {"record", "required_measures"} <= set(response.json()["errors"])


# ---------------------------------------------------------------- extension


def _requested(city, days=10):
    case = _explained(city)
    rectify = task_of(city.filer, "rectify")
    response = complete(
        city.filer, rectify["id"], "request_extension", reason="预算调整", days=days
    )
    return case, rectify, response


def test_extension_granted_moves_the_deadline_and_rectify_stays_open(city, time_machine):
    case, rectify, response = _requested(city)
    assert response.status_code == 200, response.content
    assert sorted(t["step"] for t in response.json()["open_tasks"]) == [
        "rectify",
        "review_extension",
    ]
    review = task_of(city.approver, "review_extension")
    assert complete(city.approver, review["id"], "grant", comment="同意").status_code == 200
    # the same rectify task, 10 working days later
    after = task_of(city.filer, "rectify")
    assert (after["id"], after["due_at"]) == (rectify["id"], "2026-12-15T00:00:00+08:00")
    assert _case(city.reviewer, case["id"])["deadline_on"] == "2026-12-14"
    assert _case(city.reviewer, case["id"])["extension_decision"] == "granted"
    # past the first deadline, within the extended one: nothing is overdue
    time_machine.move_to(at(12, 2))
    fire_timers()
    assert inbox(city.supervisor) == []
    time_machine.move_to(at(12, 15, 1))
    fire_timers()
    assert [t["step"] for t in inbox(city.supervisor)] == ["handle_overdue"]


def test_extension_refused_keeps_the_deadline(city):
    case, rectify, response = _requested(city)
    review = task_of(city.approver, "review_extension")
    refused = complete(city.approver, review["id"], "refuse", comment="理由不充分")
    assert refused.status_code == 200
    assert [t["step"] for t in refused.json()["open_tasks"]] == ["rectify"]
    assert task_of(city.filer, "rectify")["due_at"] == DUE_AT
    assert _case(city.reviewer, case["id"])["extension_decision"] == "refused"


def test_extension_of_11_days_is_refused_10_allowed(city):
    case = _explained(city)
    rectify = task_of(city.filer, "rectify")
    too_long = complete(city.filer, rectify["id"], "request_extension", reason="预算", days=11)
    assert too_long.status_code == 400
    assert "days" in too_long.json()["errors"]
    assert inbox(city.approver) == []
    ok = complete(city.filer, rectify["id"], "request_extension", reason="预算", days=10)
    assert ok.status_code == 200
    second = complete(city.filer, rectify["id"], "request_extension", reason="再次", days=1)
    assert second.status_code == 400
    assert "days" in second.json()["errors"]
    assert len([t for t in inbox(city.approver) if t["step"] == "review_extension"]) == 1
    assert _case(city.reviewer, case["id"])["extension_days"] == 10


def test_the_subject_department_cannot_decide_its_own_extension(city):
    _requested(city)
    review = task_of(city.approver, "review_extension")
    assert complete(city.leader_finance, review["id"], "grant").status_code == 403
    assert task_of(city.approver, "review_extension")["id"] == review["id"]


# ---------------------------------------------------------------- rejection


def test_rejected_then_accepted_keeps_the_same_deadline(city, time_machine):
    case = _explained(city)
    time_machine.move_to(at(11, 20))
    _reported(city, case["id"])
    verify = task_of(city.reviewer, "verify")
    rejected = complete(city.reviewer, verify["id"], "reject", reasons="制度尚未印发。")
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "rectifying"
    rectify = task_of(city.filer, "rectify")
    assert rectify["due_at"] == DUE_AT  # the same deadline, not 20 days from the rejection
    _reported(city, case["id"])
    verify = task_of(city.reviewer, "verify")
    accepted = complete(city.reviewer, verify["id"], "accept_rectification")
    assert accepted.json()["state"] == "accepted"
    assert _case(city.reviewer, case["id"])["rejection_reasons"] == "制度尚未印发。"


# ---------------------------------------------------------------- the deadline passing


def _overdue(city, time_machine):
    case = _explained(city)
    time_machine.move_to(at(11, 30, 23))
    fire_timers()
    assert inbox(city.supervisor) == []
    time_machine.move_to(at(12, 1, 1))
    fire_timers()
    fire_timers()  # a second dispatcher opens nothing more
    return case


def test_deadline_passed_opens_handling_once_and_all_three_measures_apply(city, time_machine):
    case = _overdue(city, time_machine)
    handle = task_of(city.supervisor, "handle_overdue")
    assert CaseTask.objects.filter(step="handle_overdue").count() == 1
    # rectify stays open
    assert task_of(city.filer, "rectify")

    response = complete(
        city.supervisor,
        handle["id"],
        "handle",
        notify_publicly=True,
        ban_honours=True,
        refer_accountability=True,
        responsible_person="李明",
    )
    assert response.status_code == 200, response.content
    assert sorted(t["step"] for t in response.json()["open_tasks"]) == ["accountability", "rectify"]
    body = _case(city.supervisor, case["id"])
    assert body["notified_publicly"] is True
    assert body["ban_months"] == 12
    assert body["responsible_person"] == "李明"

    subject = client_for(city.filer).get(f"/api/v1/subjects/{city.subject.pk}/").json()
    assert subject["honours_eligible"] is False
    assert subject["honours_banned_until"] == "2027-11-30"
    listed = client_for(city.reviewer).get("/api/v1/subjects/").json()["results"]
    assert [s["honours_banned_until"] for s in listed if s["id"] == city.subject.pk] == [
        "2027-11-30"
    ]

    referral = task_of(city.inspector, "accountability")
    assert referral["case"] == case["id"]
    assert client_for(city.inspector).get(f"/api/v1/cases/{case['id']}/").status_code == 200

    notifications = _documents(city.supervisor, case["id"])
    public = [d for d in notifications if d["type"] == "public_notification"]
    assert [d["number"] for d in public] == ["泰信通报〔2026〕1号"]
    pdf = client_for(city.supervisor).get(public[0]["pdf"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    reported = complete(city.inspector, referral["id"], "report", findings="已给予诫勉谈话。")
    assert reported.status_code == 200

    # the ban ends with its last day
    time_machine.move_to(at(11, 30, 12, year=2027))
    subject = client_for(city.filer).get(f"/api/v1/subjects/{city.subject.pk}/").json()
    assert subject["honours_eligible"] is False
    time_machine.move_to(at(12, 1, 12, year=2027))
    subject = client_for(city.filer).get(f"/api/v1/subjects/{city.subject.pk}/").json()
    assert subject["honours_eligible"] is True
    assert subject["honours_banned_until"] is None


def test_a_late_report_is_still_accepted_and_the_ban_stays(city, time_machine):
    case = _overdue(city, time_machine)
    handle = task_of(city.supervisor, "handle_overdue")
    complete(city.supervisor, handle["id"], "handle", ban_honours=True, ban_months=6)
    _reported(city, case["id"])
    verify = task_of(city.reviewer, "verify")
    accepted = complete(city.reviewer, verify["id"], "accept_rectification")
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    assert accepted.json()["closed_at"] is not None
    subject = client_for(city.filer).get(f"/api/v1/subjects/{city.subject.pk}/").json()
    assert subject["honours_eligible"] is False
    assert subject["honours_banned_until"] == "2027-05-31"


def test_accepted_while_handling_is_open_closes_when_handling_ends(city, time_machine):
    case = _overdue(city, time_machine)
    _reported(city, case["id"])
    accepted = complete(
        city.reviewer, task_of(city.reviewer, "verify")["id"], "accept_rectification"
    )
    assert accepted.json()["closed_at"] is None
    handle = task_of(city.supervisor, "handle_overdue")
    done = complete(city.supervisor, handle["id"], "handle", notify_publicly=True)
    assert done.status_code == 200
    assert done.json()["closed_at"] is not None


def test_a_rejection_after_the_deadline_does_not_open_handling_again(city, time_machine):
    case = _overdue(city, time_machine)
    _reported(city, case["id"])
    complete(city.reviewer, task_of(city.reviewer, "verify")["id"], "reject", reasons="不到位")
    time_machine.move_to(at(12, 2))
    fire_timers()
    assert CaseTask.objects.filter(step="handle_overdue").count() == 1


def test_handle_with_no_measure_answers_400(city, time_machine):
    _overdue(city, time_machine)
    handle = task_of(city.supervisor, "handle_overdue")
    response = complete(city.supervisor, handle["id"], "handle", comment="暂不处理")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]
    no_person = complete(city.supervisor, handle["id"], "handle", refer_accountability=True)
    assert no_person.status_code == 400
    assert "responsible_person" in no_person.json()["errors"]
    assert task_of(city.supervisor, "handle_overdue")["id"] == handle["id"]


def test_a_deadline_met_opens_no_handling(city, time_machine):
    case = _explained(city)
    _reported(city, case["id"])
    time_machine.move_to(at(12, 10))
    fire_timers()
    assert not CaseTask.objects.filter(step="handle_overdue").exists()


# ---------------------------------------------------------------- withdrawal and visibility


def test_the_credit_office_withdraws_before_acceptance(city):
    case = _explained(city)
    url = f"/api/v1/cases/{case['id']}/withdraw/"
    assert client_for(city.filer).post(url, {"reason": "x"}, format="json").status_code == 403
    response = client_for(city.reviewer).post(url, {"reason": "记录有误"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"
    assert response.json()["open_tasks"] == []


def test_no_withdrawal_after_acceptance(city):
    case = _explained(city)
    _reported(city, case["id"])
    complete(city.reviewer, task_of(city.reviewer, "verify")["id"], "accept_rectification")
    url = f"/api/v1/cases/{case['id']}/withdraw/"
    assert client_for(city.supervisor).post(url, {"reason": "x"}, format="json").status_code in (
        403,
        409,
    )


def test_a_department_with_no_part_does_not_see_the_case(city, django_user_model):
    from django.contrib.auth.models import Group

    from .conftest import _department

    ecology = _department("ecology", "市生态环境局", 5)
    outsider = django_user_model.objects.create_user(username="filer_ecology", department=ecology)
    outsider.groups.add(Group.objects.get_or_create(name="filer")[0])
    case = issue(city).json()
    assert client_for(outsider).get(f"/api/v1/rectifications/{case['id']}/").status_code == 404
    assert client_for(outsider).get("/api/v1/rectifications/").json()["count"] == 0
    assert inbox(outsider) == []


def test_banned_until_is_inclusive_of_the_last_day(city):
    from workflows.records.selectors import subject_honours_eligible
    from workflows.records.services import honours_ban_impose

    ban = honours_ban_impose(subject=city.subject, months=12, starts_on=datetime.date(2026, 1, 31))
    assert ban.ends_on == datetime.date(2027, 1, 30)
    assert not subject_honours_eligible(city.subject, datetime.date(2027, 1, 30))
    assert subject_honours_eligible(city.subject, datetime.date(2027, 1, 31))
    assert subject_honours_eligible(city.subject, datetime.date(2026, 1, 30))
